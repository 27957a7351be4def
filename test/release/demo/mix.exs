# A release made by `mix release`, offline, carrying the erts directory DEMO_ERTS names (erts'
# own or the build's erts-<vsn>/; unset, the running OTP's). The cookie is fixed, so making the
# release needs no crypto.
defmodule Demo.MixProject do
  use Mix.Project

  def project do
    [
      app: :demo,
      version: "0.1.0",
      start_permanent: true,
      releases: [demo: [cookie: "demo_cookie", include_erts: System.get_env("DEMO_ERTS") || true]]
    ]
  end

  def application do
    [extra_applications: [:logger], mod: {Demo, []}]
  end
end
