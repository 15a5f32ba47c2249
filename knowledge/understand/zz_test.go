package understand

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDom(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("ZZD"), "||") {
		fmt.Printf("%v %v %q\n", DefaultThesaurus.InDomain(s), DefaultThesaurus.OffTopic(s), s)
	}
}
