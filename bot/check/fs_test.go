package check

import "io/fs"

var fsReadFile = fs.ReadFile
