# Code.eval_string, structs and protocols, File and Path, System.cmd, Logger.
defmodule Shape do
  defstruct sides: 0, name: "?"
end

defprotocol Describe do
  def describe(x)
end

defimpl Describe, for: Shape do
  def describe(%Shape{name: n, sides: s}), do: "#{n} with #{s} sides"
end

defimpl Describe, for: Integer do
  def describe(n), do: "the number #{n}"
end

defmodule Main do
  require Logger

  def run do
    IO.puts(Describe.describe(%Shape{name: "square", sides: 4}))
    IO.puts(Describe.describe(7))
    IO.inspect(%Shape{} |> Map.from_struct())
    IO.inspect(Code.eval_string("a + b * 2", a: 1, b: 3))
    IO.inspect(Code.string_to_quoted!("x |> f(1)"))
    dir = Path.join(System.tmp_dir!(), "ember_elixir_#{System.unique_integer([:positive])}")
    File.mkdir_p!(dir)
    file = Path.join(dir, "a.txt")
    File.write!(file, "line one\nline two\n")
    IO.inspect(File.read!(file) |> String.split("\n", trim: true))
    File.cp!(file, Path.join(dir, "b.txt"))
    IO.inspect(File.ls!(dir) |> Enum.sort())
    IO.inspect(File.stat!(file).size)
    IO.inspect(File.stream!(file) |> Enum.map(&String.trim/1))
    IO.inspect({Path.basename(file), Path.extname(file), Path.rootname("a/b.tar.gz")})
    File.rm_rf!(dir)
    IO.inspect(File.exists?(dir))
    IO.inspect(System.cmd("sh", ["-c", "echo out; echo err 1>&2; exit 3"], stderr_to_stdout: true))
    Logger.configure_backend(:console, format: "[$level] $message\n", colors: [enabled: false])
    Logger.info("through the logger")
    Logger.warning("a warning")
    Logger.flush()
  end
end

Main.run()
