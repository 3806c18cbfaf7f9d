import Foundation
import STTCore
import STTUDP

/// `stt-sim bench --filter hello-flood`: a real node on loopback flooded with hellos from
/// 127.0.0.2 … 127.0.0.250 as fast as one thread sends them (without the seed; then with it,
/// echoing cookies), while a client on 127.0.0.1 handshakes 20 times, one after another. Each
/// row is the client's handshake time p99 under the flood against the same without it.
/// Goal (issue 13): 20 of 20 complete, p99 ≤ 1 s.
enum HelloFloodBenchmark {
    static let name = "hello-flood"
    static let handshakes = 20
    static let sharedSeed = Array("hello-flood bench shared seed, 32 bytes".utf8)

    static let benchmark = Benchmark(name: name, asyncRows: { _ in try await run() })

    static func run() async throws -> [BenchResult] {
        let server = try STTNode(
            nodeSeed: Array("hello-flood-bench-server".utf8), sharedSeed: sharedSeed, host: "127.0.0.1")
        try await server.start(serverMode: true)
        guard let port = server.localPort else { throw BenchFailure("hello-flood: the node has no port") }
        let quiet = try await handshakeTimes(port: port)
        var rows: [BenchResult] = []
        for mode in [LoopbackHelloFlood.Mode.seedless, .seededEchoingCookies] {
            let before = await server.counters()
            let flood = try LoopbackHelloFlood(port: port, sharedSeed: sharedSeed, mode: mode)
            flood.start()
            try await Task.sleep(for: .milliseconds(300))  // the flood is on before the client starts
            let times = try await handshakeTimes(port: port)
            let (hellos, rate) = flood.stop()
            let after = await server.counters()
            let label = mode == .seedless ? "seedless" : "with-seed-echoing-cookies"
            var details: [String: Double] = [
                "  flood hellos per second": rate, "  flood hellos sent": Double(hellos),
                "  handshakes completed (of \(handshakes))": Double(times.completed),
                "  handshake p50 ms": times.p50 * 1e3, "  handshake max ms": times.max * 1e3,
                "  no flood: p50 ms": quiet.p50 * 1e3, "  no flood: max ms": quiet.max * 1e3,
            ]
            if mode == .seededEchoingCookies {
                details["  flood addresses holding a cookie"] = Double(flood.addressesWithCookies)
            }
            if let before, let after {
                for (reason, count) in after.drops.nonZero {
                    let delta = count - before.drops[reason]
                    if delta > 0 { details["  node dropped: \(reason)"] = Double(delta) }
                }
                details["  node cookie replies"] = Double(
                    after.statistics.cookieRepliesSent - before.statistics.cookieRepliesSent)
                details["  node half-open evictions"] = Double(
                    after.statistics.pendingHandshakesEvicted - before.statistics.pendingHandshakesEvicted)
            }
            rows.append(
                BenchResult(
                    name: "\(name)-\(label)", value: times.p99 * 1e3, unit: "ms handshake p99",
                    baseline: "no flood, p99", baselineValue: quiet.p99 * 1e3, ratio: times.p99 / max(quiet.p99, 1e-9),
                    details: details))
            try await Task.sleep(for: .seconds(11))  // the flood's half-open entries expire
        }
        await server.stop()
        return rows
    }

    /// Times `handshakes` handshakes of a fresh client each; failures count as not completed.
    static func handshakeTimes(port: Int) async throws -> (completed: Int, p50: Double, p99: Double, max: Double) {
        var times: [Double] = []
        for i in 0..<handshakes {
            let client = try STTNode(
                nodeSeed: Array("hello-flood-bench-client-\(i)".utf8), sharedSeed: sharedSeed, host: "127.0.0.1")
            try await client.start()
            let clock = ContinuousClock()
            let start = clock.now
            if (try? await client.connect(host: "127.0.0.1", port: port)) != nil {
                times.append((clock.now - start).seconds)
            }
            await client.stop()
        }
        let sorted = times.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? .infinity : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        return (times.count, percentile(0.5), percentile(0.99), sorted.last ?? .infinity)
    }
}
