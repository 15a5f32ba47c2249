package store

// DataHolder is implemented by capabilities that keep data about users, so
// "mijn gegevens" / "vergeet mij" (and the operator's privacy commands) can
// export and erase everything about one user without knowing each feature.
type DataHolder interface {
	// ExportUser returns what the capability holds about userID, as a
	// JSON-encodable value, or nil when it holds nothing.
	ExportUser(tx *Tx, userID string) (any, error)
	// EraseUser deletes what the capability holds about userID (with its
	// consequences, e.g. promoting the waitlist) and returns how many
	// records it removed.
	EraseUser(tx *Tx, userID string) (int, error)
}
