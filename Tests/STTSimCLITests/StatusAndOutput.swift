import Foundation
import Testing

/// Runs the built `stt-sim` binary as a user would and checks what it prints and its exit code.
struct StatusAndOutput {
    let status: Int32
    let stdout: String
    let stderr: String
}
