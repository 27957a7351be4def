# Enum over lists, ranges and maps: map, filter, reduce, flat_map, sort_by, group_by,
# frequencies, chunk_every, zip, uniq, with_index, into and Map.update; checked by sums with
# closed forms and a digest of the grouped results.
defmodule Bench.Enum do
  def run(:quick), do: run_reps(2)
  def run(:default), do: run_reps(120)

  @n 5_000

  defp run_reps(reps) do
    got = Enum.uniq(for _ <- 1..reps, do: workload(@n))
    check(got, [expected(@n)])
  end

  defp workload(n) do
    numbers = Enum.to_list(1..n)
    squares = Enum.map(numbers, &(&1 * &1))
    odd_sum = numbers |> Enum.filter(&(rem(&1, 2) == 1)) |> Enum.sum()
    pairs = Enum.flat_map(numbers, fn i -> [i, -i] end)
    zero = Enum.reduce(pairs, 0, &+/2)
    by_digit = Enum.group_by(numbers, &rem(&1, 10), &(&1 * 3))
    frequencies = numbers |> Enum.map(&rem(&1 * &1, 7)) |> Enum.frequencies()
    sorted = Enum.sort_by(numbers, &{rem(&1, 13), -&1})
    chunks = numbers |> Enum.chunk_every(7) |> Enum.map(&Enum.sum/1)
    zipped = Enum.zip(numbers, squares) |> Enum.map(fn {a, b} -> b - a end) |> Enum.sum()
    unique = numbers |> Enum.map(&rem(&1 * 31, 101)) |> Enum.uniq() |> length()
    indexed = numbers |> Enum.with_index() |> Enum.count(fn {v, i} -> v == i + 1 end)
    counts = Enum.reduce(numbers, %{}, fn i, acc -> Map.update(acc, rem(i, 97), 1, &(&1 + 1)) end)
    into = Enum.into(Enum.map(numbers, &{&1, &1 * 2}), %{})
    {Enum.sum(squares), odd_sum, zero, unique, indexed, map_size(into), Enum.sum(Map.values(into)),
     :erlang.md5(:erlang.term_to_binary(
       {Enum.sort(Map.to_list(by_digit)), Enum.sort(Map.to_list(frequencies)),
        Enum.take(sorted, 50), chunks, Enum.sort(Map.to_list(counts))})), zipped}
  end

  # The digest (for n = 5000) was checked against an independent implementation of the same
  # groupings in plain Erlang.
  defp expected(n) do
    squares = div(n * (n + 1) * (2 * n + 1), 6)
    {squares, div(n, 2) * div(n, 2), 0, 101, n, n, n * (n + 1), digest(n),
     squares - div(n * (n + 1), 2)}
  end

  defp digest(5000),
    do: <<147, 208, 144, 138, 117, 230, 175, 3, 254, 184, 166, 111, 238, 39, 111, 208>>

  defp check(expected, expected), do: :ok
  defp check(got, _), do: :erlang.error({:wrong_result, :enum, got})
end
