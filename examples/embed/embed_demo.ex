# The Elixir side of the embedding example (host.c): a process registered as :embed_demo
# answers the host's pings through :ember_host, the host's mailbox.
defmodule EmbedDemo do
  def start do
    pid = spawn(fn -> loop(0) end)
    Process.register(pid, :embed_demo)
    send(:ember_host, {:ready, :embed_demo})
  end

  defp loop(count) do
    receive do
      {:ping, n} when is_integer(n) ->
        send(:ember_host, {:pong, n * 2, "answer #{count + 1} from Elixir"})
        loop(count + 1)
    end
  end
end
