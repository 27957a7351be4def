# String on UTF-8 text: split, trim, upcase/downcase, capitalize, graphemes and length,
# reverse, replace, contains?/starts_with?, pad_leading, slice, interpolation and
# Integer/Float parsing and printing; checked by counts and a digest of the output.
defmodule Bench.String do
  def run(:quick), do: run_reps(2)
  def run(:default), do: run_reps(80)

  @lines 100
  @words_per_line 12
  @words {"the", "quick", "brown", "fox", "Ærøskøbing", "naïve", "façade", "straße", "Ωμέγα",
          "日本語", "привет", "mañana", "crème", "brûlée", "Zürich", "e\u0301te\u0301", "👍🏽ok"}

  defp run_reps(reps) do
    got = Enum.uniq(for _ <- 1..reps, do: workload(@lines))
    check(got, [expected()])
  end

  defp word(i), do: elem(@words, rem(i, tuple_size(@words)))

  # Lines of "N:word" items separated by one or two spaces, with blanks at both ends.
  defp text(lines) do
    for l <- 1..lines, into: "" do
      items = for j <- 1..@words_per_line, do: "#{l * j}:#{word(l * @words_per_line + j)}"
      "  " <> Enum.join(items, if(rem(l, 3) == 0, do: "  ", else: " ")) <> " \n"
    end
  end

  defp workload(lines) do
    text = text(lines)
    rows = text |> String.split("\n", trim: true) |> Enum.map(&String.trim/1)
    items = Enum.flat_map(rows, &String.split/1)
    parsed = Enum.map(items, &parse_item/1)
    numbers = parsed |> Enum.map(&elem(&1, 0)) |> Enum.sum()
    words = Enum.map(parsed, &elem(&1, 1))
    graphemes = words |> Enum.map(&String.length/1) |> Enum.sum()
    codepoints = words |> Enum.map(&length(String.codepoints(&1))) |> Enum.sum()
    upper = Enum.map(words, &String.upcase/1)
    lower = Enum.map(upper, &String.downcase/1)
    capital = Enum.map(words, &String.capitalize/1)
    reversed = Enum.map(words, &String.reverse/1)
    same = Enum.count(words, &(String.downcase(&1) == &1))
    replaced = String.replace(text, ["straße", "Zürich"], &String.upcase/1)
    with_u = Enum.count(words, &String.contains?(&1, ["ü", "u"]))
    starting = Enum.count(rows, &String.starts_with?(&1, "1"))
    padded = Enum.map(parsed, fn {n, w} -> String.pad_leading("#{n}", 6, "0") <> String.slice(w, 1, 3) end)
    floats = Enum.map(parsed, fn {n, _} -> Float.to_string(n / 8) end)
    float_sum = floats |> Enum.map(&String.to_float/1) |> Enum.sum()
    digest = :erlang.md5([text, lower, capital, reversed, replaced, padded, floats])
    {byte_size(text), length(items), numbers, graphemes, codepoints, same, with_u, starting,
     float_sum, Enum.count(lower, &(&1 in Tuple.to_list(@words))), digest}
  end

  defp parse_item(item) do
    [number, word] = String.split(item, ":", parts: 2)
    {String.to_integer(number), word}
  end

  # The item count, the sum of the numbers and of the floats have closed forms; the other
  # counts and the digest are erl's.
  defp expected do
    items = @lines * @words_per_line
    numbers = div(@lines * (@lines + 1), 2) * div(@words_per_line * (@words_per_line + 1), 2)
    {15182, items, numbers, 6069, 6282, 988, 142, 12, numbers / 8, 918,
     <<90, 130, 122, 128, 128, 91, 207, 189, 188, 151, 233, 141, 232, 14, 87, 237>>}
  end

  defp check(expected, expected), do: :ok
  defp check(got, _), do: :erlang.error({:wrong_result, :string, got})
end
