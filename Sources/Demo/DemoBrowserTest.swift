import AsyncHTTPClient
import Foundation
import LabKit

/// The demo tested in a real browser: headless Chromium driven over WebDriver
/// loads the page, checks that every model's column is live, clicks "inventory
/// down" for all models and sees A refuse, B's queue and C's lag grow, clicks
/// "back up" and sees them recover; screenshots before, during and after, and
/// one of RabbitMQ's management UI with the backlog, logged in through its form.
public struct DemoBrowserTest: Sendable {
    public var demo: DemoRun
    /// Screenshots go to `<root>/screenshots/demo/` and `<root>/screenshots/async-queue/`.
    public var root: String

    public init(demo: DemoRun, root: String) {
        self.demo = demo
        self.root = root
    }

    public struct Check: Sendable {
        public var name: String
        /// Nil when the check does not apply to this run (the detail says why): never counted as passed.
        public var passed: Bool?
        public var detail: String
    }

    public enum Missing: Error, CustomStringConvertible {
        case program(String)
        public var description: String {
            switch self {
            case .program(let name):
                "\(name) is not installed (Debian: chromium, chromium-driver; scripts/install-deps.sh)"
            }
        }
    }

    /// Runs the test; returns every check, passed or not.
    public func run() async throws -> [Check] {
        guard let chromium = ExternalCommand.find("chromium") else { throw Missing.program("chromium") }
        guard let chromedriver = ExternalCommand.find("chromedriver") else { throw Missing.program("chromedriver") }
        let progress = demo.progress
        return try await demo.run { url, handle in
            let port = FreePort.find(count: 1)[0]
            let driver = try await ChildProcess.launch(
                chromedriver, arguments: ["--port=\(port)"],
                logPath: "\(demo.options.workDirectory)/chromedriver.log")
            ChildProcessRegistry.add(driver.pid)
            let http = HTTPClientFactory.lab(connectionsPerHost: 4)
            defer {
                driver.send(SIGTERM)
                ChildProcessRegistry.remove(driver.pid)
            }
            do {
                let checks = try await drive(
                    url: url, handle: handle, chromium: chromium, driverURL: "http://127.0.0.1:\(port)", http: http,
                    progress: progress)
                try? await http.shutdown()
                return checks
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    private func drive(
        url: String, handle: DemoHandle, chromium: String, driverURL: String, http: HTTPClient, progress: ProgressLog
    ) async throws -> [Check] {
        let client = LabHTTPClient(http: http)
        _ = try await poll(upTo: .seconds(20), every: .milliseconds(200)) {
            await client.send(.GET, driverURL + "/status", timeout: .seconds(2)).status == 200
        }
        let browser = try await WebDriverSession.open(base: driverURL, chromium: chromium, http: http)
        defer { Task { await browser.close() } }
        var checks: [Check] = []
        func check(_ name: String, _ passed: Bool?, _ detail: String) {
            checks.append(Check(name: name, passed: passed, detail: detail))
            progress.say("  \(passed.map { $0 ? "✓" : "✗" } ?? "n/a") \(name): \(detail)")
        }
        let letters = handle.letters
        let page = url + (demo.options.token.map { "?token=\($0)" } ?? "")
        let shots = "\(root)/screenshots/demo"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)

        progress.say("browser: loading \(page)")
        try await browser.navigate(to: page)
        func number(_ id: String) async -> Int? {
            guard let text = try? await browser.text(ofElement: id) else { return nil }
            return Int(text.trimmingCharacters(in: .whitespaces))
        }
        func values(_ field: String) async -> [String: Int] {
            var all: [String: Int] = [:]
            for letter in letters { all[letter] = await number("\(letter)-\(field)") ?? -1 }
            return all
        }
        let live = try await poll(upTo: .seconds(40), every: .milliseconds(500)) {
            let completed = await values("completed")
            let accepted = await values("accepted")
            return completed.values.allSatisfy { $0 > 0 } && accepted.values.allSatisfy { $0 > 0 }
        }
        let firstSeconds = try await browser.text(ofElement: "status")
        var backlogged: Set<String> = []
        for letter in letters where await handle.hasBacklog(letter) { backlogged.insert(letter) }
        try await Task.sleep(for: .seconds(3))
        let laterSeconds = try await browser.text(ofElement: "status")
        check(
            "every model's column shows live numbers", live && firstSeconds != laterSeconds,
            "completed/s \(await values("completed")), accepted/s \(await values("accepted")); "
                + "'\(firstSeconds)' then '\(laterSeconds)'")
        try await save(browser, to: "\(shots)/before.png")

        progress.say("browser: clicking 'inventory down' for all models")
        try await browser.click("#all-btn-inventory_down-start")
        var lastSeen = ""
        // A model with a backlog queues the orders; one without refuses them.
        let faultSeen = try await poll(upTo: .seconds(30), every: .milliseconds(500)) {
            var seen: [String] = []
            var all = true
            for letter in letters {
                if backlogged.contains(letter) {
                    let backlog = await number("\(letter)-backlog") ?? 0
                    seen.append("\(letter.uppercased()) backlog \(backlog)")
                    all = all && backlog >= 20
                } else {
                    let refused = await number("\(letter)-refused") ?? 0
                    seen.append("\(letter.uppercased()) refused/s \(refused)")
                    all = all && refused > 0
                }
            }
            lastSeen = seen.joined(separator: ", ")
            return all
        }
        check("inventory down: models without a backlog refuse, the others' backlog rises", faultSeen, lastSeen)
        try await Task.sleep(for: .seconds(4))
        var badges: [String] = []
        for letter in letters {
            badges.append((try? await browser.text(ofElement: "\(letter)-state-inventory")) ?? "?")
        }
        check(
            "the page shows the inventory down", badges.allSatisfy { $0.contains("down") },
            "inventory badges \(badges.map { "'\($0)'" }.joined(separator: ", "))")
        try await save(browser, to: "\(shots)/during.png")

        var console: String?
        for letter in letters where console == nil { console = await handle.consoleURL(of: letter) }
        if let console {
            progress.say("browser: logging into RabbitMQ's management UI at \(console)")
            let queues = try await screenshotRabbitMQ(browser, console: console)
            check(
                "RabbitMQ's UI shows the backlog", queues.contains("inventory.order-placed"), String(queues.prefix(160))
            )
            try await browser.navigate(to: page)
            _ = try await poll(upTo: .seconds(20), every: .milliseconds(300)) { await number("a-offered") != nil }
        } else {
            check("RabbitMQ's UI shows the backlog", nil, "no model's broker has a console the lab owns")
        }

        progress.say("browser: clicking 'inventory back up' for all models")
        try await browser.click("#all-btn-inventory_down-end")
        let recovered = try await poll(upTo: .seconds(90), every: .milliseconds(500)) {
            var seen: [String] = []
            var all = true
            for letter in letters {
                if backlogged.contains(letter) {
                    let backlog = await number("\(letter)-backlog") ?? -1
                    seen.append("\(letter.uppercased()) backlog \(backlog)")
                    all = all && backlog >= 0 && backlog <= 10
                } else {
                    // The mix's orders meant to fail (an item nobody stocks) are refused at any time: a few per second.
                    let refused = await number("\(letter)-refused") ?? -1
                    let offered = await number("\(letter)-offered") ?? 0
                    let completed = await number("\(letter)-completed") ?? 0
                    seen.append("\(letter.uppercased()) refused/s \(refused) of \(offered), completed/s \(completed)")
                    all = all && refused >= 0 && refused * 4 < offered && completed > 0
                }
            }
            lastSeen = seen.joined(separator: "; ")
            return all
        }
        check("back up: every model answers again, every backlog drains", recovered, lastSeen)
        try await Task.sleep(for: .seconds(3))
        try await save(browser, to: "\(shots)/after.png")
        await browser.close()
        return checks
    }

    /// Logs in through the management UI's form and shows the queues page.
    private func screenshotRabbitMQ(_ browser: WebDriverSession, console: String) async throws -> String {
        try await browser.navigate(to: console)
        _ = try await poll(upTo: .seconds(20), every: .milliseconds(300)) {
            (try? await browser.find("input[name=username]")) != nil
        }
        try await browser.type("guest", into: "input[name=username]")
        try await browser.type("guest", into: "input[name=password]")
        try await browser.click("input[type=submit]")
        try await Task.sleep(for: .seconds(2))
        try await browser.navigate(to: console + "#/queues")
        var text = ""
        _ = try await poll(upTo: .seconds(20), every: .milliseconds(500)) {
            text = (try? await browser.execute("return document.body.innerText") as? String) ?? ""
            return text.contains("inventory.order-placed")
        }
        // The queue table refreshes every 5 s; let it show the current depth.
        try await Task.sleep(for: .seconds(2))
        let shots = "\(root)/screenshots/async-queue"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        try await save(browser, to: "\(shots)/rabbitmq-ui.png")
        return text
    }

    private func save(_ browser: WebDriverSession, to path: String) async throws {
        try await browser.screenshot().write(to: URL(fileURLWithPath: path), options: .atomic)
        demo.progress.say("  saved \(path)")
    }
}
