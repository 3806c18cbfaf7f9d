import Foundation
import STTAnalysis
import STTCore
import STTPcap

#if canImport(Glibc)
    import Glibc
#endif

/// The `pcap` fuzz target: libpcap through `PcapReader`, and `CaptureAnalyzer` on what it
/// reads, with the key log of the seed captures so protected packets are decrypted, streams
/// reassembled and extracted. `PcapReader` opens files only, so each input is written to one
/// per-process file in `/dev/shm` (memory, not disk). The same bytes also go to `KeyLog.parse`.
private let capturePath: String = {
    let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return "\(dir)/stt-fuzz-pcap-\(getpid()).pcap"
}()

/// Keys of the seed captures (`Fuzz/Keys/clean.keylog`, written by `stt-sim run --keylog`).
private let options: CaptureAnalyzer.Options = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Sources/pcap/Fuzz.swift
    let file = parts.joined(separator: "/") + "/Keys/clean.keylog"
    var options = CaptureAnalyzer.Options()
    if let data = FileManager.default.contents(atPath: file),
        let keys = try? KeyLog.parse(String(decoding: data, as: UTF8.self), file: file)
    {
        options.keys = keys
        options.extract = keys.keys.sorted().flatMap { [($0, 1, nil), ($0, 3, "initiator>responder")] }
    }
    return options
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = try? KeyLog.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz")
    guard write(bytes) else { return 0 }
    var extracted = 0
    _ = try? CaptureAnalyzer.analyze(path: capturePath, options: options) { analyzer, _ in
        analyzer.streamSink = { _, _, _, chunk in extracted += chunk.count }
        analyzer.recordSink = { _, _, _ in }
    }
    return 0
}

/// Replaces the capture file's contents with `bytes`.
private func write(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let fd = open(capturePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
        guard n > 0 else { return false }
        done += n
    }
    return true
}
