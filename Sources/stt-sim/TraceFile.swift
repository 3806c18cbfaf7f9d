import ArgumentParser
import Foundation

/// The `--trace` file: JSON Lines buffered in 64 KiB pieces. Every write is checked; the first
/// failure stops writing and is reported by `close()` (after the run's report is printed).
final class TraceFile {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var lines = 0
    private var failure: String?

    /// Creates (or empties) the file; a path that cannot be written fails before the run.
    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw ValidationError(
                "cannot write the trace file \(path) (check the directory exists and is writable)")
        }
        self.handle = handle
    }

    func append(_ line: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        lines += 1
        if buffer.count > 1 << 16 { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            failure = "writing the trace \(path) failed after \(lines) lines: \(Self.reason(error))"
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file; returns the failure, if any.
    func close() -> String? {
        flush()
        do { try handle.close() } catch {
            if failure == nil { failure = "closing the trace \(path) failed: \(Self.reason(error))" }
        }
        return failure
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain, let message = strerror(Int32(ns.code)) { return String(cString: message) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let message = strerror(Int32(underlying.code))
        {
            return String(cString: message)
        }
        return ns.localizedDescription
    }
}
