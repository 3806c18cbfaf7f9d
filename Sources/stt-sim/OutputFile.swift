import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file the command writes (the `--trace` JSON Lines, an extracted stream, a received stream),
/// buffered in 64 KiB pieces. Every write is checked; the first failure stops writing and is
/// returned by `close()`, so the command can report it after its own report and exit 1.
///
/// The file is opened in place (`open(2)` with `O_TRUNC`), never replaced: a device such as
/// `/dev/full` or a named pipe stays what it is.
final class OutputFile {
    let path: String
    /// What the file holds, for messages ("the trace", "stream 1").
    let what: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    private var failure: String?

    /// Opens (creating or emptying) the file; a path that cannot be written fails at once.
    init(path: String, what: String) throws {
        self.path = path
        self.what = what
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ValidationError("cannot write \(what) to \(path): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func append(line: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    func append(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count > 1 << 16 { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
            bytesWritten += buffer.count
        } catch {
            failure = "writing \(what) to \(path) failed after \(bytesWritten) bytes: \(Self.reason(error))"
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `text` as the whole file (a report, a time series); returns the failure, opening
    /// included, if any.
    static func write(_ text: String, to path: String, what: String) -> String? {
        do {
            let out = try OutputFile(path: path, what: what)
            out.append(Array(text.utf8))
            return out.close()
        } catch {
            return "\(error)"
        }
    }

    /// Writes what is buffered and closes the file; returns the failure, if any.
    func close() -> String? {
        flush()
        do { try handle.close() } catch {
            if failure == nil { failure = "closing \(path) failed: \(Self.reason(error))" }
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
