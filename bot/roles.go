package bot

import (
	"slices"
)

// Role is what a user may do beyond asking, checking and signing up.
type Role string

// The roles. Admin implies every other role.
const (
	RoleOfficial  Role = "official"  // creates deadlines, gets official digests
	RoleOrganiser Role = "organiser" // creates events, sees attendee lists
	RoleAdmin     Role = "admin"     // everything, and grants roles
)

// AllRoles lists the roles.
var AllRoles = []Role{RoleOfficial, RoleOrganiser, RoleAdmin}

// ParseRole accepts the English names and their Dutch equivalents.
func ParseRole(s string) (Role, bool) {
	switch s {
	case "official", "ambtenaar":
		return RoleOfficial, true
	case "organiser", "organizer", "organisator":
		return RoleOrganiser, true
	case "admin", "beheerder":
		return RoleAdmin, true
	}
	return "", false
}

// HasRole reports whether roles grant role; admin grants all.
func HasRole(roles []Role, role Role) bool {
	return slices.Contains(roles, role) || slices.Contains(roles, RoleAdmin)
}
