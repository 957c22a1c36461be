#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutboxWriter {
    /// Writes statements alone (`reconcile statements`), stamped with `stamp`; returns the paths of
    /// the files, relative to the outbox.
    public func write(statements: [CommissionStatement], stamp: CommissionStatement.GenerationStamp) throws(OutboxError) -> [OutboxWriteResult.Entry] {
        try validate(statements: statements)
        var entries: [OutboxWriteResult.Entry] = []
        do throws(AtomicFileError) {
            for statement in statements { entries += try write(statement, stamp: stamp) }
        } catch {
            throw .file(error)
        }
        return entries
    }

    /// Proves the outbox can be written before a run commits: creates its folders and writes and
    /// removes a probe file. A read-only or full outbox then fails the run with the state untouched.
    public func checkWritable() throws(AtomicFileError) {
        try AtomicFile.createDirectories(root + "/runs")
        let probe = root + "/runs/.reconcile-probe-\(getpid())"
        try AtomicFile.write(Array("probe\n".utf8), to: probe)
        unlink(probe)
    }
}
