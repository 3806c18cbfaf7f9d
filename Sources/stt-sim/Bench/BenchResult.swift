import Foundation
import STTUnits

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
                r.name, UnitFormat.si(r.value), r.unit, r.baseline, UnitFormat.si(r.baselineValue),
                UnitFormat.fixed(r.ratio, 3),
            ])
            for (key, value) in (r.details ?? [:]).sorted(by: { $0.key < $1.key }) {
                rows.append(["  " + key, UnitFormat.si(value), "", "", "", ""])
            }
        }
        let widths = rows[0].indices.map { col in rows.map { TextWidth.of($0[col]) }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { col, cell in
                col == 0 || col == 2 || col == 3
                    ? TextWidth.padded(cell, to: widths[col])
                    : String(repeating: " ", count: max(0, widths[col] - TextWidth.of(cell))) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
