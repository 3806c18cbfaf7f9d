import Foundation
import STTCore
import STTPcap

/// Version facts shown by `stt-sim --version` and recorded in reports.
enum STTVersion {
    static let tool = "0.1.0"
    static let protocolSummary =
        "STT wire v\(STTWire.version), "
        + CipherSuite.allCases.map { NoisePattern.xxPSK3.protocolName(suite: $0) }.joined(separator: " or ")
        + " (AES-256-GCM or ChaCha20-Poly1305 packets)"
    static var full: String {
        "stt-sim \(tool)\n\(protocolSummary)\n\(PcapLibrary.versionString)"
    }
}
