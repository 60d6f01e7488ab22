import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run one service of one part in the foreground until SIGINT/SIGTERM.",
        discussion: """
            Every service also answers GET /health and GET|PUT|DELETE /admin/faults, e.g.
              curl -X PUT localhost:PORT/admin/faults -d '{"delay_ms":2000}'
              curl -X PUT localhost:PORT/admin/faults -d '{"error_status":500,"error_rate":0.5}'
              curl -X DELETE localhost:PORT/admin/faults
            """,
        subcommands: [ServeSyncRESTCommand.self, ServeAsyncQueueCommand.self, ServeStreamingLogCommand.self])
}
