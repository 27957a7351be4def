defmodule KVClient do
  @moduledoc """
  The client of test/run_kv_store.sh, on a third node:

      KVClient.main([primary, secondary, n, seeds])

  Writes "k1", "k2"... through KV.put/2 until `n` of them are acknowledged, printing
  "acked N" every 100 (the test kills the primary after "acked 1000"), then reads every
  acknowledged key and the primary's `seeds` keys ("seed1" => 1...) back from the
  secondary's own copy. Prints what it found and halts with 0 if nothing is missing.
  """

  def main([primary, secondary, n, seeds]) do
    {primary, secondary} = {String.to_atom(primary), String.to_atom(secondary)}
    true = KV.connect(primary)
    # The primary's end is seen here too: the test checks that it came mid-way.
    Node.monitor(primary, true)
    run = write(%{acked: [], failed: 0, longest_ms: 0, down_at: nil}, 1, String.to_integer(n))
    IO.puts("primary down after #{run.down_at || "none"} acks")
    %{acked: acked, failed: failed, longest_ms: longest} = run
    IO.puts("acked #{length(acked)}, gave up on #{failed}, longest put #{longest} ms")
    holder = :global.whereis_name(KV)
    IO.puts("KV is on #{if is_pid(holder), do: node(holder), else: holder}")
    expected = for(i <- 1..String.to_integer(seeds), do: {"seed#{i}", i}) ++ acked
    missing = Enum.reject(expected, &(read(secondary, &1) == :ok))
    IO.puts("read back #{length(expected)} keys from #{secondary}, #{length(missing)} missing")
    for {key, _} <- Enum.take(missing, 5), do: IO.puts("  missing #{key}")
    System.halt(if missing == [] and is_pid(holder) and node(holder) == secondary, do: 0, else: 1)
  end

  defp write(run, _i, n) when length(run.acked) == n, do: run

  defp write(run, i, n) do
    {key, value} = {"k#{i}", "v#{i}"}
    started = System.monotonic_time(:millisecond)

    run =
      try do
        :ok = KV.put(key, value)
        if rem(length(run.acked) + 1, 100) == 0, do: IO.puts("acked #{length(run.acked) + 1}")
        %{run | acked: [{key, value} | run.acked]}
      catch
        :exit, _ -> %{run | failed: run.failed + 1}
      end

    took = System.monotonic_time(:millisecond) - started
    write(%{noticed_down(run) | longest_ms: max(run.longest_ms, took)}, i + 1, n)
  end

  defp noticed_down(%{down_at: nil} = run) do
    receive do
      {:nodedown, _} -> %{run | down_at: length(run.acked)}
    after
      0 -> run
    end
  end

  defp noticed_down(run), do: run

  defp read(node, {key, value}) do
    case GenServer.call({KV.Server, node}, {:get, key}) do
      {:ok, ^value} -> :ok
      other -> other
    end
  end
end
