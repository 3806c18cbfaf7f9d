import Foundation
import STTCore
import STTUnits

/// A progress line on a terminal (never when stderr is not one).
struct ProgressLine {
    let enabled = isatty(2) == 1
    func show(_ done: Int, of total: Int?, since start: ContinuousClock.Instant) {
        guard enabled else { return }
        let seconds = max(1e-6, (ContinuousClock.now - start).seconds)
        let rate = Double(done) / seconds
        var line = "\r"
        if let total, total > 0 {
            let fraction = Double(done) / Double(total)
            let filled = Int(fraction * 30)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
            line += UnitFormat.percent(fraction) + "  "
        }
        line += "\(UnitFormat.bytes(done))  \(UnitFormat.rate(rate * 8)) "
        FileHandle.standardError.write(Data(line.utf8))
    }
    func clear() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
