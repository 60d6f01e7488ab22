import ArgumentParser
import Faults
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabKit
import Testing

/// The basics for a lab run on shared machines: admin endpoints behind a
/// token beyond loopback, and scratch folders that cannot wipe what commlab
/// did not create.
@Suite struct SecurityTests {
    func guarded(token: String?) -> some ApplicationProtocol {
        let router = Router()
        AdminRoutes(serviceName: "test", injector: FaultInjector()).add(to: router)
        return Application(responder: AdminGuard(router.buildResponder(), token: token))
    }

    @Test func adminNeedsTheTokenWhenOneIsSet() async throws {
        try await guarded(token: "0123456789abcdef").test(.router) { client in
            try await client.execute(uri: "/admin/faults", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/admin/faults", method: .get, headers: [.authorization: "Bearer wrong-token-000000"]
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/admin/faults", method: .get, headers: [.authorization: "Bearer 0123456789abcdef"]
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func onLoopbackNoTokenIsNeeded() async throws {
        try await guarded(token: nil).test(.router) { client in
            try await client.execute(uri: "/admin/faults", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func listeningBeyondLoopbackRequiresAToken() throws {
        // The environment is given, not read: the checks hold whatever the shell running the tests has set.
        let open = try ServerOptions.parse(["--host", "0.0.0.0"])
        #expect(throws: ValidationError.self) { try open.resolvedAdminToken(environment: [:]) }
        #expect(throws: ValidationError.self) {
            try open.resolvedAdminToken(environment: ["COMMLAB_ADMIN_TOKEN": "short"])
        }
        #expect(
            try open.resolvedAdminToken(environment: ["COMMLAB_ADMIN_TOKEN": "fedcba9876543210"]) == "fedcba9876543210")
        let short = try ServerOptions.parse(["--host", "0.0.0.0", "--admin-token", "short"])
        #expect(throws: ValidationError.self) { try short.resolvedAdminToken(environment: [:]) }
        let good = try ServerOptions.parse(["--host", "0.0.0.0", "--admin-token", "0123456789abcdef"])
        #expect(
            try good.resolvedAdminToken(environment: ["COMMLAB_ADMIN_TOKEN": "fedcba9876543210"]) == "0123456789abcdef")
        let loopback = try ServerOptions.parse(["--host", "127.0.0.1"])
        #expect(try loopback.resolvedAdminToken(environment: [:]) == nil)
    }

    @Test func scratchFoldersRefuseWhatCommlabDidNotMake() throws {
        #expect(throws: ScratchDirectory.Refusal.self) { try ScratchDirectory.prepareEmpty("/") }
        #expect(throws: ScratchDirectory.Refusal.self) {
            try ScratchDirectory.prepareEmpty(FileManager.default.homeDirectoryForCurrentUser.path)
        }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let foreign = "\(base)/foreign"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "keep me".write(toFile: "\(foreign)/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: ScratchDirectory.Refusal.self) { try ScratchDirectory.prepareEmpty(foreign) }
        #expect(FileManager.default.fileExists(atPath: "\(foreign)/notes.txt"))

        let ours = "\(base)/ours"
        try ScratchDirectory.prepareEmpty(ours)
        try "old run".write(toFile: "\(ours)/service.log", atomically: true, encoding: .utf8)
        try ScratchDirectory.prepareEmpty(ours)
        #expect(!FileManager.default.fileExists(atPath: "\(ours)/service.log"), "a folder commlab made is wiped")
    }
}

@Suite struct ServerLogLevelTests {
    @Test func theFlagBeatsTheEnvironmentWhichBeatsWarning() throws {
        #expect(try ServerOptions.parse([]).resolvedLogLevel(environment: [:]) == .warning)
        #expect(try ServerOptions.parse([]).resolvedLogLevel(environment: ["COMMLAB_LOG_LEVEL": "info"]) == .info)
        #expect(
            try ServerOptions.parse(["--log-level", "debug"]).resolvedLogLevel(environment: [
                "COMMLAB_LOG_LEVEL": "info"
            ])
                == .debug)
        #expect(try ServerOptions.parse([]).resolvedLogLevel(environment: ["COMMLAB_LOG_LEVEL": "loud"]) == .warning)
    }
}
