# A JSON encoder in plain Elixir, built as Jason's is: iodata out, strings escaped by
# scanning the binary a byte at a time and copying unescaped runs with binary_part, maps and
# lists joined with commas, floats printed shortest-round-trip. It encodes a list of nested
# records (maps with string and atom keys, lists, Unicode and control characters, integers,
# floats, booleans, nil); checked on a small record byte for byte and by a digest.
defmodule Bench.JsonEncode do
  def run(:quick), do: run_reps(2)
  def run(:default), do: run_reps(50)

  @records 2_000

  defp run_reps(reps) do
    data = Enum.map(1..@records, &record/1)
    got = Enum.uniq(for _ <- 1..reps, do: digest(encode(data)))
    check({encode(record(1)), got}, expected())
  end

  defp record(i) do
    %{
      "id" => i,
      "name" => "user #{i} \"quoted\" \\ back",
      "email" => "user#{i}@example.com",
      "bio" => "Zürich → 東京\tline one\nline two \u0001 ✓",
      "score" => i / 8,
      "ratio" => -i * 1.5e-3,
      "active" => rem(i, 2) == 0,
      "parent" => nil,
      "tags" => Enum.map(0..rem(i, 5), &"tag-#{&1}"),
      "address" => %{"street" => "#{i} Main St.", "zip" => Integer.to_string(10_000 + i), "geo" => [i * 0.25, -i]},
      status: :ok
    }
  end

  def encode(value), do: IO.iodata_to_binary(value(value))

  defp value(nil), do: "null"
  defp value(true), do: "true"
  defp value(false), do: "false"
  defp value(atom) when is_atom(atom), do: string(Atom.to_string(atom))
  defp value(string) when is_binary(string), do: string(string)
  defp value(integer) when is_integer(integer), do: Integer.to_string(integer)
  defp value(float) when is_float(float), do: Float.to_string(float)
  defp value(list) when is_list(list), do: list(list)
  defp value(map) when is_map(map), do: map(map)

  defp list([]), do: "[]"
  defp list([first | rest]), do: [?[, value(first) | Enum.reduce(Enum.reverse(rest), [?]], &[?,, value(&1) | &2])]

  defp map(map) when map_size(map) == 0, do: "{}"

  defp map(map) do
    [?, | pairs] = :lists.flatmap(fn {key, value} -> [?,, key(key), ?:, value(value)] end, Map.to_list(map))
    [?{, pairs, ?}]
  end

  defp key(key) when is_binary(key), do: string(key)
  defp key(key) when is_atom(key), do: string(Atom.to_string(key))

  defp string(string), do: [?", escape(string, string, 0, 0, []), ?"]

  # Bytes that need no escape extend the current run; any other closes it.
  defp escape(<<byte, rest::binary>>, original, skip, length, acc)
       when byte >= 0x20 and byte != ?" and byte != ?\\ do
    escape(rest, original, skip, length + 1, acc)
  end

  defp escape(<<byte, rest::binary>>, original, skip, length, acc) do
    run = binary_part(original, skip, length)
    escape(rest, original, skip + length + 1, 0, [acc, run | escaped(byte)])
  end

  defp escape(<<>>, original, skip, length, acc), do: [acc | binary_part(original, skip, length)]

  defp escaped(?"), do: "\\\""
  defp escaped(?\\), do: "\\\\"
  defp escaped(?\n), do: "\\n"
  defp escaped(?\t), do: "\\t"
  defp escaped(?\r), do: "\\r"
  defp escaped(byte), do: ["\\u00", Integer.to_string(div(byte, 16), 16), Integer.to_string(rem(byte, 16), 16)]

  defp digest(json), do: {byte_size(json), :erlang.md5(json)}

  # The first record as JSON (Map.to_list orders the keys: atoms before binaries); the size
  # and digest of the whole list are erl's.
  defp expected do
    {~S({"status":"ok","active":false,"address":{"geo":[0.25,-1],"street":"1 Main St.",) <>
       ~S("zip":"10001"},"bio":"Zürich → 東京\tline one\nline two \u0001 ✓",) <>
       ~S("email":"user1@example.com","id":1,"name":"user 1 \"quoted\" \\ back","parent":null,) <>
       ~S("ratio":-0.0015,"score":0.125,"tags":["tag-0","tag-1"]}),
     [{629_957, <<187, 113, 124, 21, 89, 133, 106, 228, 190, 185, 111, 131, 194, 67, 63, 76>>}]}
  end

  defp check(expected, expected), do: :ok
  defp check(got, _), do: :erlang.error({:wrong_result, :json_encode, got})
end
