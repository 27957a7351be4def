defmodule Demo do
  use Application

  @impl true
  def start(_type, _args) do
    IO.inspect(Enum.sort(for {app, _, _} <- Application.started_applications(), do: app))
    IO.puts("demo started: #{Application.fetch_env!(:demo, :greeting)}")
    Supervisor.start_link([], strategy: :one_for_one, name: Demo.Supervisor)
  end

  def hello, do: :world
end
