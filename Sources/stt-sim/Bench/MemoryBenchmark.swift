import CMalloc
import Foundation
import STTCore

/// Bytes of heap per idle endpoint and per established session (both ends), measured with the
/// allocator's own count of bytes in use (`mallinfo2`) around building them: what a simulation
/// of N nodes pays before any traffic. The baseline is the 10,000-node goal's budget per node
/// (150 MB / 10,000; ratio below 1 is within it).
enum MemoryBenchmark {
    static func heapInUse() -> Int {
        Int(mallinfo2().uordblks)
    }

    static let benchmark = Benchmark(
        name: "memory-per-node",
        rows: { _ in
            let count = 10_000
            let before = heapInUse()
            var endpoints: [STTEndpoint] = []
            endpoints.reserveCapacity(count)
            for i in 0..<count { endpoints.append(try CoreBenchFixture.endpoint("idle-\(i)", server: i == 0)) }
            let perEndpoint = Double(heapInUse() - before) / Double(count)
            // Sessions: 1,000 established between two endpoints, both ends' state counted.
            let client = try CoreBenchFixture.endpoint("mem-client", server: false)
            let server = try CoreBenchFixture.endpoint("mem-server", server: true)
            let sessions = 1_000
            let beforeSessions = heapInUse()
            for _ in 0..<sessions { client.connect(to: CoreBenchFixture.serverAddress, now: .zero) }
            CoreBenchFixture.exchange(client, server)
            var established = 0
            while let e = client.pollEvent() { if case .sessionEstablished = e { established += 1 } }
            while server.pollEvent() != nil {}
            guard established == sessions else { throw BenchFailure("\(established) of \(sessions) sessions opened") }
            let perSession = Double(heapInUse() - beforeSessions) / Double(sessions)
            let budget = 150e6 / 10_000
            withExtendedLifetime(endpoints) {}
            return [
                BenchResult(
                    name: "memory-per-idle-endpoint", value: perEndpoint, unit: "bytes",
                    baseline: "10k-node budget per node", baselineValue: budget, ratio: perEndpoint / budget),
                BenchResult(
                    name: "memory-per-session", value: perSession, unit: "bytes (both ends)",
                    baseline: "10k-node budget per node", baselineValue: budget, ratio: perSession / budget),
            ]
        })
}
