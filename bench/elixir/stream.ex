# Lazy pipelines with Stream: iterate, unfold, map, filter, flat_map, chunk_every, zip,
# scan, dedup, take_while, with_index, resource and cycle, consumed by Enum; checked against
# closed forms and erl's figures.
defmodule Bench.Stream do
  def run(:quick), do: run_reps(2)
  def run(:default), do: run_reps(80)

  @n 10_000

  defp run_reps(reps) do
    got = Enum.uniq(for _ <- 1..reps, do: workload(@n))
    check(got, [expected(@n)])
  end

  defp workload(n) do
    evens =
      Stream.iterate(1, &(&1 + 1))
      |> Stream.map(&(&1 * 2))
      |> Stream.filter(&(rem(&1, 3) != 0))
      |> Enum.take(n)
      |> Enum.sum()

    fibs =
      Stream.unfold({0, 1}, fn {a, b} -> {a, {b, rem(a + b, 1_000_003)}} end)
      |> Stream.take(n)
      |> Enum.reduce(0, &rem(&1 + &2, 1_000_003))

    chunked =
      1..n
      |> Stream.flat_map(&[&1, &1])
      |> Stream.chunk_every(3, 2, :discard)
      |> Stream.map(&Enum.sum/1)
      |> Enum.sum()

    zipped =
      Stream.zip(Stream.cycle([1, 2, 3]), 1..n)
      |> Stream.map(fn {a, b} -> a * b end)
      |> Enum.sum()

    scanned = 1..n |> Stream.scan(&+/2) |> Stream.take_while(&(&1 < n * 10)) |> Enum.count()
    dedup = 1..n |> Stream.map(&div(&1, 4)) |> Stream.dedup() |> Enum.count()

    resource =
      Stream.resource(fn -> 0 end, fn
        i when i < n -> {[i, -i, 1], i + 1}
        i -> {:halt, i}
      end, fn _ -> :ok end)
      |> Stream.with_index()
      |> Stream.filter(fn {_, i} -> rem(i, 3) == 2 end)
      |> Enum.reduce(0, fn {v, _}, acc -> acc + v end)

    {evens, fibs, chunked, zipped, scanned, dedup, resource}
  end

  # The same figures computed eagerly, without streams (n even).
  defp expected(n) do
    h = div(n, 2)
    zipped = Enum.sum(for b <- 1..n, do: b * (rem(b - 1, 3) + 1))
    scanned = Enum.count(1..n, &(div(&1 * (&1 + 1), 2) < n * 10))
    {6 * h * h, fibs_sum(n, 0, 1, 0), div(3 * (n - 2) * (n - 1), 2) + 4 * (n - 1), zipped,
     scanned, div(n, 4) + 1, n}
  end

  defp fibs_sum(0, _, _, sum), do: sum
  defp fibs_sum(k, a, b, sum), do: fibs_sum(k - 1, b, rem(a + b, 1_000_003), rem(sum + a, 1_000_003))

  defp check(expected, expected), do: :ok
  defp check(got, _), do: :erlang.error({:wrong_result, :stream, got})
end
