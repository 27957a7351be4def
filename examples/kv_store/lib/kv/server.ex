defmodule KV.Server do
  @moduledoc """
  One copy of the store, in one of two roles.

  The primary holds the global name `KV` and serves reads and writes. It sends each write
  to the secondary and waits for the secondary's acknowledgement before it replies, so a
  write the client has seen acknowledged exists on both nodes.

  The secondary holds a full copy, applies the writes the primary sends it, and watches
  the primary's node. When that node goes down it registers the global name itself and
  from then on is the primary (with no secondary, until another node joins it).
  """
  use GenServer
  require Logger

  # Below a client's call timeout (5 s), so that a stuck secondary is dropped before the
  # client gives up on the primary.
  @replicate_timeout 2_000
  @take_over_retry_ms 20

  def start(role), do: GenServer.start(__MODULE__, role, name: __MODULE__)

  ## Start-up

  @impl true
  def init(:primary) do
    case :global.register_name(KV, self()) do
      :yes -> {:ok, primary(%{})}
      :no -> {:stop, {:already_registered, :global.whereis_name(KV)}}
    end
  end

  def init({:secondary, node}) do
    with true <- KV.connect(node),
         primary when is_pid(primary) <- :global.whereis_name(KV) do
      # Watch the node before joining, so that its end is seen even during the join.
      Node.monitor(node(primary), true)
      # The primary answers with everything it holds and sends every later write, so the
      # copy is complete from here on, however much the primary had before.
      {:ok, data} = GenServer.call(primary, {:join, self()})
      Logger.info("secondary of #{node(primary)}, #{map_size(data)} keys copied")
      {:ok, %{role: :secondary, data: data, primary: primary}}
    else
      _ -> {:stop, {:no_primary_at, node}}
    end
  end

  defp primary(data), do: %{role: :primary, data: data, secondary: nil}

  ## Requests

  @impl true
  def handle_call({:get, key}, _from, state) do
    {:reply, Map.fetch(state.data, key), state}
  end

  def handle_call({:put, key, value}, _from, %{role: :primary} = state) do
    state = replicate(state, {key, value})
    {:reply, :ok, put_in(state.data[key], value)}
  end

  def handle_call({:join, secondary}, _from, %{role: :primary} = state) do
    if state.secondary, do: Process.demonitor(elem(state.secondary, 1), [:flush])
    Logger.info("#{node(secondary)} joined as the secondary")
    {:reply, {:ok, state.data}, %{state | secondary: {secondary, Process.monitor(secondary)}}}
  end

  def handle_call({:replicate, {key, value}}, _from, %{role: :secondary} = state) do
    {:reply, :ok, put_in(state.data[key], value)}
  end

  # A write or a join sent to the secondary directly, or to a primary that has just lost
  # the name.
  def handle_call(_request, _from, state), do: {:reply, {:error, :not_primary}, state}

  # The primary's copy to its secondary. If the secondary is gone, the primary goes on
  # alone: refusing writes then would stop the store although one copy is still up.
  defp replicate(%{secondary: nil} = state, _write), do: state

  defp replicate(%{secondary: {pid, _ref}} = state, write) do
    case GenServer.call(pid, {:replicate, write}, @replicate_timeout) do
      :ok -> state
      refused -> drop_secondary(state, refused)
    end
  catch
    :exit, reason -> drop_secondary(state, reason)
  end

  defp drop_secondary(%{secondary: {pid, ref}} = state, reason) do
    Process.demonitor(ref, [:flush])
    Logger.warning("secondary #{node(pid)} lost (#{inspect(reason)}), going on alone")
    %{state | secondary: nil}
  end

  ## The other node's end

  @impl true
  def handle_info({:DOWN, ref, :process, _pid, reason}, %{secondary: {_, ref}} = state) do
    {:noreply, drop_secondary(state, reason)}
  end

  def handle_info({:nodedown, node}, %{role: :secondary, primary: primary} = state)
      when node(primary) == node do
    Logger.warning("primary #{node} is down, taking over")
    take_over(state)
  end

  def handle_info(:take_over, %{role: :secondary} = state), do: take_over(state)

  def handle_info(_other, state), do: {:noreply, state}

  # global drops the dead node's names when it sees the node go down, which may be a little
  # after this process did: until then the name is still taken, so try again shortly.
  defp take_over(state) do
    case :global.register_name(KV, self()) do
      :yes ->
        Logger.info("primary now, #{map_size(state.data)} keys")
        {:noreply, primary(state.data)}

      :no ->
        Process.send_after(self(), :take_over, @take_over_retry_ms)
        {:noreply, state}
    end
  end
end
