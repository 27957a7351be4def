defmodule KVStore.MixProject do
  use Mix.Project

  # No application callback: a node becomes the primary or the secondary when asked
  # (KV.start_primary/0, KV.start_secondary/1), so the same code runs on every node.
  def project do
    [app: :kv_store, version: "0.1.0", elixir: "~> 1.14", deps: []]
  end

  def application do
    [extra_applications: [:logger]]
  end
end
