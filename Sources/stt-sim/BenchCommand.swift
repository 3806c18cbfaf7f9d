import ArgumentParser
import Foundation

/// `stt-sim bench`: each benchmark beside a baseline measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the benchmarks, each beside a baseline measured in the same run.",
        discussion: """
            Build with `swift build -c release` first: debug figures are not representative.
            Each benchmark alternates rounds of its own loop and its baseline's and reports the
            medians; the ratio is value / baseline value (higher is better for rates).
            Benchmarks: \(Benchmarks.all.map(\.name).joined(separator: ", "))
            """
    )

    @Option(name: .long, help: "Run only benchmarks whose name contains this text.")
    var filter: String?

    @Flag(name: .long, help: "Print a JSON array of results instead of a table.")
    var json = false

    @Option(name: .long, help: "Measurement rounds per benchmark (each round times both sides).")
    var rounds: Int = 5

    @Option(name: .long, help: "Target seconds per measurement.")
    var seconds: Double = 0.3

    @Option(name: .long, help: "Seeds per simulated path of the congestion-control matrix (--filter cc).")
    var seeds: Int = 3

    /// `--filter cc/NAME`: the congestion matrix's paths whose name contains NAME.
    var pathFilter: String? {
        guard let filter, filter.hasPrefix(CongestionBenchmark.name + "/"),
            filter.count > CongestionBenchmark.name.count + 1
        else { return nil }
        return String(filter.dropFirst(CongestionBenchmark.name.count + 1))
    }

    func validate() throws {
        guard (1...100).contains(rounds) else {
            throw ValidationError("--rounds must be between 1 and 100 (got \(rounds))")
        }
        guard seconds > 0, seconds <= 60 else { throw ValidationError("--seconds must be in (0, 60] (got \(seconds))") }
        guard (1...20).contains(seeds) else { throw ValidationError("--seeds must be between 1 and 20 (got \(seeds))") }
        if let paths = pathFilter, !CongestionPaths.all.contains(where: { $0.name.contains(paths) }) {
            throw ValidationError(
                "--filter cc/\(paths) matches no path; known: "
                    + CongestionPaths.all.map(\.name).joined(separator: ", "))
        }
        if let filter, pathFilter == nil, !Benchmarks.all.contains(where: { $0.name.contains(filter) }) {
            throw ValidationError(
                "--filter '\(filter)' matches no benchmark; known: \(Benchmarks.all.map(\.name).joined(separator: ", "))"
            )
        }
    }

    func run() async throws {
        #if DEBUG
            printError("warning: this is a debug build; build with `swift build -c release` for real figures")
        #endif
        let selected: [Benchmark]
        if pathFilter != nil {
            selected = [CongestionBenchmark.benchmark]
        } else if let filter {
            selected = Benchmarks.all.filter { $0.name.contains(filter) }
        } else {
            // The matrix and the flood (which takes over 127.0.0.2-250 for a minute) are asked for.
            selected = Benchmarks.all.filter {
                $0.name != CongestionBenchmark.name && $0.name != HelloFloodBenchmark.name
            }
        }
        let settings = BenchSettings(
            rounds: rounds, secondsPerMeasurement: seconds, seeds: seeds, pathFilter: pathFilter, json: json)
        var results: [BenchResult] = []
        for benchmark in selected {
            if !json { printError("running \(benchmark.name)…") }
            results.append(contentsOf: try await benchmark.run(settings))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            let plain = results.filter { !$0.name.hasPrefix(CongestionBenchmark.name + "/") }  // printed as a matrix
            if !plain.isEmpty { print(BenchResult.table(plain)) }
        }
    }
}
