// dynamo-items: the server executable.
//
//   dynamo-items serve [--host H] [--port P] [--db-path DIR] [--threads N] [--io-per-thread]
//                      [--tls-cert CERT.pem --tls-key KEY.pem]
//
// Amazon DynamoDB Local's single-dash spellings (-port, -dbPath, -inMemory,
// -sharedDb, ...) are rewritten to ours before parsing, and a command line
// without the `serve` subcommand means `serve`, so scripts written for
// DynamoDB Local work unchanged. The first line on stdout is
// "listening on http://HOST:PORT" (https with --tls-cert); SIGINT/SIGTERM
// stop the server gracefully and close the engine, which flushes it.
#include <signal.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo_items/engine.h"
#include "dynamo_items/server/databases.h"
#include "dynamo_items/server/server.h"
#include "snapshot_command.h"

namespace {

// DynamoDB Local flag -> ours.
const std::map<std::string_view, std::string_view> kLocalSpellings = {
    {"-port", "--port"},
    {"-dbPath", "--db-path"},
    {"-inMemory", "--in-memory"},
    {"-sharedDb", "--shared-db"},
    {"-delayTransientStatuses", "--delay-transient-statuses"},
    {"-optimizeDbBeforeStartup", "--optimize-db-before-startup"},
    {"-cors", "--cors"},
    {"-disableTelemetry", "--disable-telemetry"},
    {"-help", "--help"},
};

std::vector<std::string> normalize_args(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    auto it = kLocalSpellings.find(argv[i]);
    args.emplace_back(it != kLocalSpellings.end() ? it->second : std::string_view(argv[i]));
  }
  bool top_level = !args.empty() &&
                   (args[0] == "serve" || args[0] == "snapshot" || args[0] == "--help" || args[0] == "-h" || args[0] == "--version");
  if (!top_level) args.insert(args.begin(), "serve");
  return args;
}

// Many keep-alive connections need many descriptors: lift the soft limit to
// the hard one.
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dynamo-items: an embedded, DynamoDB-compatible store and its HTTP server", "dynamo-items"};
  app.set_version_flag("--version", DYNAMO_ITEMS_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run `dynamo-items serve --help` for the server's flags. Without a subcommand, the flags mean serve.");

  dynamo_items::server::ServerOptions options;
  std::string db_path;
  CLI::App* serve = app.add_subcommand("serve", "Serve DynamoDB's HTTP API");
  serve->add_option("--host", options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", options.port, "Port to listen on (0 picks a free port)")->capture_default_str();
  auto* db_path_opt =
      serve->add_option("--db-path", db_path, "Keep data in a RocksDB database in DIR (default: in memory)")
          ->type_name("DIR");
  bool in_memory = false;
  serve->add_flag("--in-memory", in_memory, "Keep data in memory only (the default)")->excludes(db_path_opt);
  serve->add_option("--threads", options.threads, "I/O threads (default: one per CPU)");
  serve->add_flag("--io-per-thread", options.io_per_thread,
                  "Give each I/O thread its own event loop and connections (more throughput on busy machines, "
                  "longer tail latency on idle ones)");
  serve->add_option("--region", options.region,
                    "Region of ARNs and Streams records when a request's signature names none")
      ->capture_default_str();
  serve->add_option("--account-id", options.account_id,
                    "Account of ARNs when the access key id is not a 12-digit account number")
      ->capture_default_str();
  serve->add_option("--max-connections", options.max_connections,
                    "Connections served at once; more are closed when accepted (0: no limit)")
      ->capture_default_str();
  serve->add_option("--credentials", options.credentials_file,
                    "Require SigV4 signatures by the keys in FILE (lines of ACCESS_KEY_ID SECRET_ACCESS_KEY "
                    "[SESSION_TOKEN]); without it any credentials are accepted")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  auto* tls_cert = serve->add_option("--tls-cert", options.tls_cert_file,
                                     "Serve HTTPS with this PEM certificate (chain); needs --tls-key")
                       ->type_name("FILE");
  auto* tls_key = serve->add_option("--tls-key", options.tls_key_file,
                                    "The PEM private key of --tls-cert; needs --tls-cert")
                      ->type_name("FILE");
  tls_cert->needs(tls_key);
  tls_key->needs(tls_cert);
  bool shared_db = false;
  serve->add_flag("--shared-db", shared_db,
                  "One database for every access key and region (default: one each, as DynamoDB Local keeps them)");
  const std::string compat = "DynamoDB Local compatibility (accepted, no effect)";
  serve->add_flag("--delay-transient-statuses")->group(compat);
  serve->add_flag("--optimize-db-before-startup")->group(compat);
  serve->add_flag("--disable-telemetry")->group(compat);
  std::string cors;
  serve->add_option("--cors", cors, "Allowed origins (every origin is allowed)")->group(compat);
  std::string load_snapshot;
  serve->add_option("--load-snapshot", load_snapshot,
                    "Restore the snapshot NAME at start-up (in each per-key database that has it, as it opens)")
      ->type_name("NAME");

  dynamo_items::server::SnapshotCommand snapshot_command;
  CLI::App* snapshot = app.add_subcommand("snapshot", "Save, restore, list or delete named snapshots of a running server");
  snapshot->add_option("action", snapshot_command.action, "create, restore, list or delete")
      ->required()
      ->check(CLI::IsMember({"create", "restore", "list", "delete"}));
  snapshot->add_option("name", snapshot_command.name, "The snapshot's name (not for list)");
  snapshot->add_option("--tables", snapshot_command.tables, "create: save only these tables")->delimiter(',');
  snapshot->add_option("--endpoint-url", snapshot_command.endpoint, "The server")->capture_default_str();
  snapshot->add_option("--region", snapshot_command.region, "Region to sign for (default: AWS_REGION, us-east-1)");


  std::vector<std::string> args = normalize_args(argc, argv);
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector in reverse order
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (snapshot->parsed()) {
    if (snapshot_command.action != "list" && snapshot_command.name.empty()) {
      std::fprintf(stderr, "dynamo-items snapshot %s: a snapshot name is required\n", snapshot_command.action.c_str());
      return 2;
    }
    return dynamo_items::server::run_snapshot_command(snapshot_command);
  }

  // Stop signals are caught by Asio's signal_set (a handler that may run on
  // any thread, including ones a library started before main) and handled
  // here, on the main thread, once the server runs.
  boost::asio::io_context signal_ioc(1);
  boost::asio::signal_set stop_signals(signal_ioc, SIGINT, SIGTERM);
  int signal_number = 0;
  stop_signals.async_wait([&](const boost::system::error_code&, int number) { signal_number = number; });
  signal(SIGPIPE, SIG_IGN);
  raise_file_limit();

  // A database directory written before databases were kept per key holds
  // RocksDB's CURRENT at its top: keep serving it as the one shared database
  // rather than hide its tables.
  std::error_code fs_error;
  if (!shared_db && !db_path.empty() && std::filesystem::exists(std::filesystem::path(db_path) / "CURRENT")) {
    std::fprintf(stderr, "dynamo-items: %s holds one shared database; serving it as --shared-db\n", db_path.c_str());
    shared_db = true;
  }
  std::unique_ptr<dynamo_items::Engine> engine;
  std::unique_ptr<dynamo_items::server::Databases> databases;
  // The engines are closed before main returns, so in memory RocksDB can wait
  // for the first write: start-up and an idle server's memory without it.
  dynamo_items::EngineOptions engine_options;
  engine_options.open_storage_on_first_write = true;
  if (shared_db) {
    engine_options.db_path = db_path;
    auto opened = dynamo_items::Engine::open(engine_options);
    if (!opened) {
      std::fprintf(stderr, "dynamo-items: cannot open the database: %s\n", opened.error().message().c_str());
      return 1;
    }
    engine = std::move(opened.value());
    if (!load_snapshot.empty()) {
      auto loaded = engine->restore_snapshot(load_snapshot);
      if (!loaded) {
        std::fprintf(stderr, "dynamo-items: cannot load snapshot %s: %s\n", load_snapshot.c_str(),
                     loaded.error().message().c_str());
        return 1;
      }
    }
    databases = dynamo_items::server::shared_database(*engine);
  } else {
    if (!db_path.empty() && !std::filesystem::create_directories(db_path, fs_error) && fs_error) {
      std::fprintf(stderr, "dynamo-items: cannot create %s: %s\n", db_path.c_str(), fs_error.message().c_str());
      return 1;
    }
    std::function<void(dynamo_items::Engine&)> on_open;
    if (!load_snapshot.empty()) {
      on_open = [load_snapshot](dynamo_items::Engine& e) { (void)e.restore_snapshot(load_snapshot); };
    }
    databases = dynamo_items::server::per_key_databases(db_path, std::move(on_open), engine_options);
  }

  int exit_code = 0;
  {
    std::unique_ptr<dynamo_items::server::Server> made;
    try {
      made = std::make_unique<dynamo_items::server::Server>(*databases, options);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dynamo-items: %s\n", e.what());
      return 1;
    }
    dynamo_items::server::Server& server = *made;
    try {
      std::uint16_t port = server.start();
      const char* scheme = options.tls_cert_file.empty() ? "http" : "https";
      std::printf("listening on %s://%s:%u\n", scheme, url_host(options.host).c_str(),
                  static_cast<unsigned>(port));
      std::fflush(stdout);
    } catch (const boost::system::system_error& e) {
      std::fprintf(stderr, "dynamo-items: cannot listen on %s:%u: %s\n", options.host.c_str(),
                   static_cast<unsigned>(options.port), e.code().message().c_str());
      return 1;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dynamo-items: cannot listen on %s:%u: %s\n", options.host.c_str(),
                   static_cast<unsigned>(options.port), e.what());
      return 1;
    }
    signal_ioc.run();  // until SIGINT or SIGTERM
    std::fprintf(stderr, "dynamo-items: %s received, shutting down\n",
                 signal_number == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
  }
  databases.reset();  // closes and flushes the per-key databases
  engine.reset();     // closes and flushes the shared one
  return exit_code;
}
