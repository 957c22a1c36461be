/// Why a file could not be decoded (it is quarantined) or a record was rejected. Messages name the
/// place and what was expected, never a value from the input.
struct DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    let location: Location?
    let reason: String

    init(_ reason: String, at location: Location? = nil) {
        self.reason = reason
        self.location = location
    }

    var description: String {
        if let location { return "\(location): \(reason)" }
        return reason
    }
}
