# GenServer, Supervisor, Agent, Task, Registry and exceptions across processes.
require Logger
defmodule Counter do
  use GenServer
  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
  def handle_call(:crash, _from, _n), do: raise("boom")
end

# The crash below is logged with a time and pids: keep the log quiet.
Logger.configure(level: :critical)
Process.flag(:trap_exit, true)
{:ok, sup} = Supervisor.start_link([{Counter, 10}], strategy: :one_for_one)
GenServer.cast(Counter, :inc)
IO.inspect(GenServer.call(Counter, :get))
before = Process.whereis(Counter)
try do
  GenServer.call(Counter, :crash)
catch
  :exit, {{%RuntimeError{message: msg}, _}, _} -> IO.inspect({:caught, msg})
end
Process.sleep(50)
IO.inspect({:restarted, Process.whereis(Counter) != before, GenServer.call(Counter, :get)})
IO.inspect(Supervisor.count_children(sup))
{:ok, agent} = Agent.start_link(fn -> [] end)
Enum.each(1..5, fn i -> Agent.update(agent, &[i | &1]) end)
IO.inspect(Agent.get(agent, & &1))
IO.inspect(Task.async_stream(1..5, &(&1 * 10)) |> Enum.map(fn {:ok, v} -> v end))
IO.inspect(Task.await(Task.async(fn -> :math.pow(2, 10) end)))
{:ok, _} = Registry.start_link(keys: :unique, name: Reg)
{:ok, _} = Registry.register(Reg, :me, :value)
IO.inspect(Registry.lookup(Reg, :me) |> Enum.map(fn {_pid, v} -> v end))
result =
  try do
    Map.fetch!(%{}, :missing)
  rescue
    e in KeyError -> {:key_error, e.key}
  end
IO.inspect(result)
IO.inspect(try do throw(:thrown) catch :throw, v -> {:caught_throw, v} end)
IO.inspect(Exception.message(%ArgumentError{message: "bad"}))
try do
  :erlang.binary_to_atom(<<255>>, :utf8)
rescue
  e -> IO.inspect(e.__struct__)
end
