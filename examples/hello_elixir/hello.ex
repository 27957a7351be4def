# A hello-world Elixir app for an app bundle (scripts/make_bundle.sh): what a phone app's
# first module might do at start.
defmodule Hello do
  def main do
    words = ~w(Elixir on ember)
    IO.puts("Hello from #{Enum.join(words, " ")}: #{Enum.sum(1..10)} #{inspect(%{otp: System.otp_release()})}")
  end
end
