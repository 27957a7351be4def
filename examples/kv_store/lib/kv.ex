defmodule KV do
  @moduledoc """
  A key-value store kept on two nodes: a primary, registered under the global name `KV`,
  and a secondary holding a full copy. See KV.Server for how the two cooperate.

  Any connected node can be a client: `put/2` and `get/1` go to whichever node holds the
  global name at that moment.
  """

  @attempts 20
  @first_backoff_ms 10
  @max_backoff_ms 320

  @doc "Makes this node the primary."
  def start_primary, do: KV.Server.start(:primary)

  @doc "Makes this node the secondary of the primary on `node` (:alice@host, or :alice)."
  def start_secondary(node), do: KV.Server.start({:secondary, on_this_host(node)})

  @doc "Connects this node to the cluster `node` belongs to, to use it as a client."
  def connect(node) do
    # global's name table is complete only once it has synced with the new neighbours.
    Node.connect(on_this_host(node)) == true and :global.sync() == :ok
  end

  @doc "Stores `value` under `key`; `:ok` means the primary has it, and the secondary too."
  def put(key, value), do: call({:put, key, value})

  @doc "`{:ok, value}`, or `:error` if `key` has no value."
  def get(key), do: call({:get, key})

  # :alice is alice on this node's host, as --sname names nodes.
  defp on_this_host(node) do
    case String.split(to_string(node), "@") do
      [name] -> :"#{name}@#{node() |> to_string() |> String.split("@") |> List.last()}"
      [_name, _host] -> node
    end
  end

  # While the primary's node is going down and the secondary is taking the name over, a
  # call can find no process (:noproc) or lose its server (:nodedown): wait a little and
  # ask again. A put that was applied but not acknowledged is applied again, which is
  # harmless since puts are idempotent.
  defp call(request, attempt \\ 1) do
    GenServer.call({:global, KV}, request)
  catch
    :exit, _reason when attempt < @attempts ->
      Process.sleep(min(@first_backoff_ms * 2 ** (attempt - 1), @max_backoff_ms))
      call(request, attempt + 1)
  end
end
