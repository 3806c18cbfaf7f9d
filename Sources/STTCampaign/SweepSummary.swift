import Foundation
import STTScenario

/// The rows of a sweep summarised per parameter point: for every metric (each flow's goodput,
/// completion time and latency percentiles, and whether the run passed), the number of runs
/// that have it, the mean, the 95 % confidence interval's half-width (Student's t), the minimum
/// and the maximum. Computed from the rows alone, so merged shards summarise as one run does.
public struct SweepSummary: Sendable {
    public struct Line: Sendable {
        public let point: Int
        public let parameters: [(String, JSONValue)]
        public let metric: String
        public let count: Int
        public let mean: Double
        public let ci95: Double
        public let minimum: Double
        public let maximum: Double
    }

    public let lines: [Line]
    public let parameterNames: [String]

    public init(rows: [JSONValue]) {
        var names: [String] = []
        var byPoint: [(point: Int, parameters: [(String, JSONValue)], metrics: [(String, [Double])])] = []
        for row in rows {
            guard case .number(let p)? = row["point"], let point = Int(exactly: p) else { continue }
            let parameters: [(String, JSONValue)]
            if case .object(let pairs)? = row["parameters"] { parameters = pairs } else { parameters = [] }
            if names.isEmpty { names = parameters.map(\.0) }
            if byPoint.last?.point != point { byPoint.append((point, parameters, [])) }
            for (metric, value) in Self.metrics(of: row) {
                let k = byPoint.count - 1
                if let m = byPoint[k].metrics.firstIndex(where: { $0.0 == metric }) {
                    byPoint[k].metrics[m].1.append(value)
                } else {
                    byPoint[k].metrics.append((metric, [value]))
                }
            }
        }
        parameterNames = names
        lines = byPoint.flatMap { entry in
            entry.metrics.map { metric, values in
                let n = Double(values.count)
                let mean = values.reduce(0, +) / n
                let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
                let half = values.count > 1 ? Self.studentT975(values.count - 1) * (variance / n).squareRoot() : 0
                return Line(
                    point: entry.point, parameters: entry.parameters, metric: metric, count: values.count, mean: mean,
                    ci95: half, minimum: values.min() ?? 0, maximum: values.max() ?? 0)
            }
        }
    }

    /// A row's numbers by metric name: `passed`, then `<flow>.<figure>` for each flow.
    public static func metrics(of row: JSONValue) -> [(String, Double)] {
        var out: [(String, Double)] = []
        if case .bool(let passed)? = row["passed"] { out.append(("passed", passed ? 1 : 0)) }
        if case .array(let flows)? = row["flows"] {
            for flow in flows {
                guard case .string(let id)? = flow["id"], case .object(let pairs) = flow else { continue }
                for (key, value) in pairs {
                    if case .number(let x) = value, key != "bytesDelivered" { out.append(("\(id).\(key)", x)) }
                    if case .bool(let b) = value, key == "complete" { out.append(("\(id).complete", b ? 1 : 0)) }
                }
            }
        }
        return out
    }

    /// The 97.5th percentile of Student's t with `df` degrees of freedom (two-sided 95 %).
    static func studentT975(_ df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        // Beyond 30 the quantile is close to linear in 1/df: 2.042 at 30, 1.960 in the limit.
        return 1.960 + (2.042 - 1.960) * 30 / Double(max(df, 30))
    }

    /// `point,<parameters>,metric,n,mean,ci95,min,max`, one line per point and metric.
    public var csv: String {
        var out =
            (["point"] + parameterNames + ["metric", "n", "mean", "ci95", "min", "max"]).joined(separator: ",") + "\n"
        for l in lines {
            let cells =
                ["\(l.point)"] + l.parameters.map { CSV.cell(Study.text($0.1)) }
                + [
                    CSV.cell(l.metric), "\(l.count)", CSV.number(l.mean), CSV.number(l.ci95), CSV.number(l.minimum),
                    CSV.number(l.maximum),
                ]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Every run in one CSV line: index, point, parameters, seed, fingerprint, passed, then one
    /// column per metric (empty where a run has none), then the error if the run failed to run.
    public static func runsCSV(_ rows: [JSONValue]) -> String {
        var names: [String] = []
        var metrics: [String] = []
        for row in rows {
            if names.isEmpty, case .object(let pairs)? = row["parameters"] { names = pairs.map(\.0) }
            for (m, _) in Self.metrics(of: row) where m != "passed" && !metrics.contains(m) { metrics.append(m) }
        }
        var out =
            (["index", "point"] + names + ["seed", "fingerprint", "passed"] + metrics + ["error"])
            .map(CSV.cell).joined(separator: ",") + "\n"
        for row in rows {
            var cells = [text(row["index"]), text(row["point"])]
            for n in names { cells.append(text(row["parameters"]?[n])) }
            cells += [text(row["seed"]), text(row["fingerprint"]), text(row["passed"])]
            let values = Self.metrics(of: row)
            for m in metrics { cells.append(values.first { $0.0 == m }.map { CSV.number($0.1) } ?? "") }
            cells.append(text(row["error"]))
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    private static func text(_ value: JSONValue?) -> String { value.map { CSV.cell(Study.text($0)) } ?? "" }
}

/// CSV cells as RFC 4180 writes them.
enum CSV {
    static func cell(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number as the rows write it: shortest round-trip text, integral values without a fraction.
    static func number(_ x: Double) -> String { JSONValue.number(x).compact }
}
