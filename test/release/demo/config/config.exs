import Config

config :demo, greeting: "hello from sys.config"
# Keeps the timestamped notice kernel logs on SIGTERM out of the compared output.
config :logger, level: :warning
