import Foundation

/// A benchmark: a name and how to run it (one or more result rows).
struct Benchmark: Sendable {
    let name: String
    let run: @Sendable (BenchSettings) async throws -> [BenchResult]

    init(name: String, run: @escaping @Sendable (BenchSettings) throws -> BenchResult) {
        self.name = name
        self.run = { [try run($0)] }
    }

    init(name: String, rows: @escaping @Sendable (BenchSettings) throws -> [BenchResult]) {
        self.name = name
        self.run = rows
    }

    /// A benchmark of asynchronous code (real sockets).
    init(name: String, asyncRows: @escaping @Sendable (BenchSettings) async throws -> [BenchResult]) {
        self.name = name
        self.run = asyncRows
    }
}
