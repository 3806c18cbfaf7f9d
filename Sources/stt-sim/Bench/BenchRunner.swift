import Crypto
import Foundation

/// How long and how often to measure.
struct BenchSettings {
    var rounds: Int
    var secondsPerMeasurement: Double
}

/// One benchmark's figures, as printed and as `--json` emits them.
struct BenchResult: Codable {
    let name: String
    let value: Double
    let unit: String
    /// What the baseline is (measured in the same run).
    let baseline: String
    let baselineValue: Double
    /// value / baselineValue.
    let ratio: Double
    /// Extra figures some benchmarks report (peak memory, events, ...).
    var details: [String: Double]? = nil

    static func table(_ results: [BenchResult]) -> String {
        var rows = [["benchmark", "value", "unit", "baseline", "baseline value", "ratio"]]
        for r in results {
            rows.append([
                r.name, format(r.value), r.unit, r.baseline, format(r.baselineValue), String(format: "%.3f", r.ratio),
            ])
            for (key, value) in (r.details ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append(["  " + key, format(value), "", "", "", ""])
            }
        }
        let widths = rows[0].indices.map { col in rows.map { $0[col].count }.max()! }
        return rows.map { row in
            row.enumerated().map { col, cell in
                col == 0 || col == 2 || col == 3
                    ? cell.padding(toLength: widths[col], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[col] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func format(_ v: Double) -> String {
        if v >= 1e9 { return String(format: "%.3fG", v / 1e9) }
        if v >= 1e6 { return String(format: "%.3fM", v / 1e6) }
        if v >= 1e4 { return String(format: "%.1fk", v / 1e3) }
        return String(format: "%.3f", v)
    }
}

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

/// The process's peak resident set size so far, in bytes (Linux reports ru_maxrss in KiB).
func peakResidentBytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) * 1024
}

/// A rate measurement: runs `body(batch)` in growing batches until about `seconds` have passed,
/// and returns operations per second.
func measureRate(seconds: Double, _ body: (Int) throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var batch = 1
    // Grow the batch until one call takes about a tenth of the target.
    while true {
        let elapsed = try clock.measure { try body(batch) }
        if elapsed.seconds >= seconds / 10 || batch >= 1 << 30 { break }
        batch *= 2
    }
    var operations = 0
    var total = Duration.zero
    while total.seconds < seconds {
        total += try clock.measure { try body(batch) }
        operations += batch
    }
    return Double(operations) / total.seconds
}

/// Alternates rounds of `ours` and `baseline` (so both see the same machine conditions) and
/// returns the median rate of each.
func compareRates(_ settings: BenchSettings, ours: (Int) throws -> Void, baseline: (Int) throws -> Void) rethrows
    -> (ours: Double, baseline: Double)
{
    var a: [Double] = []
    var b: [Double] = []
    for _ in 0..<settings.rounds {
        a.append(try measureRate(seconds: settings.secondsPerMeasurement, ours))
        b.append(try measureRate(seconds: settings.secondsPerMeasurement, baseline))
    }
    return (median(a), median(b))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The baseline of every crypto benchmark: swift-crypto's ChaCha20-Poly1305 seal then open of
/// one plaintext under a counter nonce, and nothing else.
struct RawAEAD {
    private let key = SymmetricKey(size: .bits256)
    private let plaintext: [UInt8]
    private let aad: [UInt8]
    private var counter: UInt64 = 0

    init(plaintextSize: Int, aadSize: Int) {
        plaintext = [UInt8](repeating: 0x5A, count: plaintextSize)
        aad = [UInt8](repeating: 0, count: aadSize)
    }

    mutating func sealOpen() throws {
        counter += 1
        var nonceBytes = [UInt8](repeating: 0, count: 12)
        Swift.withUnsafeBytes(of: counter.littleEndian) { nonceBytes.replaceSubrange(4..<12, with: $0) }
        let box = try ChaChaPoly.seal(
            plaintext, using: key, nonce: try ChaChaPoly.Nonce(data: nonceBytes), authenticating: aad)
        guard try ChaChaPoly.open(box, using: key, authenticating: aad).count == plaintext.count else {
            throw BenchFailure("raw AEAD round trip failed")
        }
    }
}
