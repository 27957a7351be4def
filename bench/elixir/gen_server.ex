# A GenServer written with `use GenServer`: a key-value store that answers many
# GenServer.call requests, takes casts and plain messages (handle_info), beside an Agent
# updated with get_and_update; both stopped in order. Checked against closed forms.
defmodule Bench.GenServer do
  use GenServer

  def run(:quick), do: run_calls(10_000)
  def run(:default), do: run_calls(300_000)

  @keys 64

  defp run_calls(calls) do
    {:ok, store} = GenServer.start_link(__MODULE__, %{})
    {:ok, agent} = Agent.start_link(fn -> 0 end)
    sum = requests(calls, store, agent, 0)
    totals = GenServer.call(store, :totals)
    agent_total = Agent.get(agent, & &1)
    :ok = GenServer.stop(store)
    :ok = Agent.stop(agent)
    check({sum, totals, agent_total}, expected(calls))
  end

  # Each request puts i under key rem(i, @keys) and reads the previous value back; every
  # 10th is also a cast, every 100th a plain message and an Agent update.
  defp requests(0, _, _, sum), do: sum

  defp requests(i, store, agent, sum) do
    if rem(i, 10) == 0, do: GenServer.cast(store, {:add, i})
    if rem(i, 100) == 0 do
      send(store, {:bump, i})
      Agent.get_and_update(agent, fn total -> {total, total + i} end)
    end
    previous = GenServer.call(store, {:put, rem(i, @keys), i})
    requests(i - 1, store, agent, sum + previous)
  end

  # A put at i returns the value of the put before it on the same key, i + @keys, or 0 for
  # the first put of a key (i above calls - @keys): so the sum is that of @keys + 1..calls. The
  # store keeps the last put of each key, 1..@keys.
  defp expected(calls) do
    casts = multiples_sum(10, calls)
    bumps = multiples_sum(100, calls)
    {triangle(calls) - triangle(@keys), {triangle(@keys), casts, div(calls, 10), bumps}, bumps}
  end

  defp triangle(n), do: div(n * (n + 1), 2)
  defp multiples_sum(step, n), do: step * triangle(div(n, step))

  @impl true
  def init(state), do: {:ok, {state, 0, 0, 0}}

  @impl true
  def handle_call({:put, key, value}, _from, {map, casts, count, bumps}) do
    {previous, map} = Map.get_and_update(map, key, &{&1 || 0, value})
    {:reply, previous, {map, casts, count, bumps}}
  end

  def handle_call(:totals, _from, {map, casts, count, bumps} = state) do
    {:reply, {Enum.sum(Map.values(map)), casts, count, bumps}, state}
  end

  @impl true
  def handle_cast({:add, i}, {map, casts, count, bumps}), do: {:noreply, {map, casts + i, count + 1, bumps}}

  @impl true
  def handle_info({:bump, i}, {map, casts, count, bumps}), do: {:noreply, {map, casts, count, bumps + i}}

  defp check(expected, expected), do: :ok
  defp check(got, _), do: :erlang.error({:wrong_result, :gen_server, got})
end
