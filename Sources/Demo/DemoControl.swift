import Comparison
import Foundation
import LabKit
import NIOCore
import OrderDomain
import OrderWorkload

/// A click on the page: what to do, to which model (`a`, `b`, `c` or `all`), with what value.
struct DemoControl: Codable, Sendable {
    enum Action: String, Codable, Sendable, CaseIterable {
        case slow, failing, clear, down, up, crash, pause, resume, poison, duplicate, replay, rate
    }

    var action: Action
    var model: String
    var value: Double?
}

/// What a control did to each model.
struct DemoControlAnswer: Codable, Sendable {
    struct Result: Codable, Sendable {
        var model: String
        var done: Bool
        var what: String
    }

    var results: [Result]
}

extension DemoEngine {
    /// Carries out `control` on the chosen models at once; every outcome goes to the event log.
    func apply(_ control: DemoControl) async -> DemoControlAnswer {
        if control.action == .rate {
            let rate = min(max(control.value ?? rate, 1), 500)
            setRate(rate)
            record("all", "order rate set to \(Int(rate))/s")
            return DemoControlAnswer(results: [.init(model: "all", done: true, what: "rate \(Int(rate))/s")])
        }
        let chosen = members.filter { control.model == "all" || control.model == $0.letter }
        let results = await withTaskGroup(of: DemoControlAnswer.Result.self) { group in
            for member in chosen {
                group.addTask { await self.perform(control, on: member) }
            }
            var results: [DemoControlAnswer.Result] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.model < $1.model }
        }
        for result in results {
            record(result.model, result.done ? result.what : "not applicable: \(result.what)")
        }
        return DemoControlAnswer(results: results)
    }

    private nonisolated func perform(_ control: DemoControl, on member: Member) async -> DemoControlAnswer.Result {
        let lab = member.lab
        do {
            let what: String
            switch control.action {
            case .slow: what = try await lab.slowInventory(milliseconds: Int(control.value ?? 200))
            case .failing: what = try await lab.failInventory(rate: min(max(control.value ?? 0.5, 0.01), 1))
            case .clear: what = try await lab.clearInventoryFaults()
            case .down: what = try await lab.stopInventory()
            case .up: what = try await lab.startInventory(http: http)
            case .crash:
                if case .failure(let reason) = lab.crashableConsumer {
                    return .init(model: member.letter, done: false, what: reason.reason)
                }
                what = try await lab.crashConsumer(restartAfter: .seconds(1), http: http)
            case .pause:
                if case .failure(let reason) = lab.pausableBroker {
                    return .init(model: member.letter, done: false, what: reason.reason)
                }
                await markBroker(member.letter, paused: true)
                what = try await lab.pauseBroker()
            case .resume:
                if case .failure(let reason) = lab.pausableBroker {
                    return .init(model: member.letter, done: false, what: reason.reason)
                }
                what = try lab.resumeBroker()
                await markBroker(member.letter, paused: false)
            case .poison: what = try await poison(lab)
            case .duplicate: what = try await duplicate(lab, letter: member.letter)
            case .replay:
                switch try await lab.replay() {
                case .success(let text): what = text
                case .failure(let reason): return .init(model: member.letter, done: false, what: reason.reason)
                }
            case .rate: what = "rate"
            }
            return .init(model: member.letter, done: true, what: what)
        } catch {
            return .init(model: member.letter, done: false, what: "failed: \(error)")
        }
    }

    /// A malformed request, and a malformed message where the model has a transport.
    private nonisolated func poison(_ lab: any ComparedLab) async throws -> String {
        let answer = await lab.postOrder(rawBody: #"{"user_id": "poison", "items": [{"item_id": "pizza""#)
        let code = answer.decode(ErrorBody.self)?.error.code ?? answer.outcome
        var what = "malformed order → \(answer.outcome) \(code)"
        if case .success = try await lab.sendPoisonMessage("{this is not an event") {
            what += "; malformed message written to the transport (→ dead letters)"
        }
        return what
    }

    /// One order sent twice with the same id, and one message twice with the same id.
    private nonisolated func duplicate(_ lab: any ComparedLab, letter: String) async throws -> String {
        let id = "demo-dup-\(UUID().uuidString.prefix(8))"
        let first = await lab.placeOrder(id: id, user: "duplicate", item: "pizza", quantity: 1)
        let second = await lab.placeOrder(id: id, user: "duplicate", item: "pizza", quantity: 1)
        var what = "order \(id) sent twice → \(first.outcome), \(second.outcome)"
        let order = OrderRequest(
            userID: "duplicate", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)], orderID: id + "-m"
        ).place()
        if case .success = try await lab.sendDuplicateMessage(order) {
            what += "; message \(id)-m written twice with one message id"
        }
        return what
    }
}
