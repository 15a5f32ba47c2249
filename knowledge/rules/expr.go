package rules

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// node is a compiled expression split at its logical operators, so it can
// be evaluated with three-valued (Kleene) logic over partial facts: a
// leaf is evaluated with expr only when everything it names is known.
type node struct {
	kind  nodeKind
	kids  []*node
	prog  *vm.Program // leaf
	refs  []string    // leaf: names of facts, derived values and parameters used
	src   string
	isNil bool // leaf is the literal nil
}

type nodeKind int

const (
	leaf nodeKind = iota
	and
	or
	not
	cond
)

// compileEnv is the type environment: every name with a zero value of its
// type, so expr's checker catches unknown names and type errors.
func (c *Check) compileEnv() map[string]any {
	env := map[string]any{}
	for _, f := range c.Facts {
		env[f.ID] = zeroOf(f.Type)
	}
	for _, p := range c.Parameters {
		env[p.ID] = zeroOf(p.Type)
	}
	for _, d := range c.Derived {
		env[d.ID] = zeroOf(d.Type)
	}
	return env
}

func zeroOf(t Type) any {
	switch t {
	case YesNo:
		return false
	case Choice, String:
		return ""
	case Date:
		return time.Time{}
	case Grants:
		return []Grant{}
	default:
		return 0.0
	}
}

// compile type-checks src and splits it into a node tree. want is the
// type the whole expression must have ("" for any).
func (c *Check) compile(src string, want Type) (*node, error) {
	env := c.compileEnv()
	opts := []expr.Option{expr.Env(env), expr.Timezone("UTC")}
	if want == YesNo {
		opts = append(opts, expr.AsBool())
	}
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, fmt.Errorf("expression %q does not compile: %v", src, oneLine(err))
	}
	if err := checkResultType(prog.Node().Type(), want); err != nil {
		return nil, fmt.Errorf("expression %q: %v", src, err)
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("expression %q does not parse: %v", src, oneLine(err))
	}
	if err := c.checkChoiceLiterals(tree.Node); err != nil {
		return nil, fmt.Errorf("expression %q: %v", src, err)
	}
	n, err := c.split(tree.Node, env)
	if err != nil {
		// Fall back to one leaf: correct, only less able to decide early.
		n = &node{kind: leaf, prog: prog, refs: c.refsOf(tree.Node), src: src}
	}
	return n, nil
}

func checkResultType(got reflect.Type, want Type) error {
	if got == nil || got.Kind() == reflect.Interface || want == "" {
		return nil
	}
	ok := true
	switch want {
	case YesNo:
		ok = got.Kind() == reflect.Bool
	case Amount, Number:
		switch got.Kind() {
		case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
		default:
			ok = false
		}
	case Choice, String:
		ok = got.Kind() == reflect.String
	case Date:
		ok = got == reflect.TypeOf(time.Time{})
	}
	if !ok {
		return fmt.Errorf("gives a %s, want %s", got, want)
	}
	return nil
}

func (c *Check) split(n ast.Node, env map[string]any) (*node, error) {
	switch x := n.(type) {
	case *ast.BinaryNode:
		var k nodeKind
		switch x.Operator {
		case "&&", "and":
			k = and
		case "||", "or":
			k = or
		default:
			return c.leaf(n, env)
		}
		l, err := c.split(x.Left, env)
		if err != nil {
			return nil, err
		}
		r, err := c.split(x.Right, env)
		if err != nil {
			return nil, err
		}
		return &node{kind: k, kids: []*node{l, r}, src: n.String()}, nil
	case *ast.UnaryNode:
		if x.Operator != "!" && x.Operator != "not" {
			return c.leaf(n, env)
		}
		k, err := c.split(x.Node, env)
		if err != nil {
			return nil, err
		}
		return &node{kind: not, kids: []*node{k}, src: n.String()}, nil
	case *ast.ConditionalNode:
		var kids []*node
		for _, part := range []ast.Node{x.Cond, x.Exp1, x.Exp2} {
			k, err := c.split(part, env)
			if err != nil {
				return nil, err
			}
			kids = append(kids, k)
		}
		return &node{kind: cond, kids: kids, src: n.String()}, nil
	}
	return c.leaf(n, env)
}

func (c *Check) leaf(n ast.Node, env map[string]any) (*node, error) {
	src := n.String()
	// UTC: dates are calendar dates at midnight UTC, and date("2026-01-01")
	// must mean the same day.
	prog, err := expr.Compile(src, expr.Env(env), expr.Timezone("UTC"))
	if err != nil {
		return nil, err
	}
	_, isNil := n.(*ast.NilNode)
	return &node{kind: leaf, prog: prog, refs: c.refsOf(n), src: src, isNil: isNil}, nil
}

// refsOf lists the facts, derived values and parameters n names.
func (c *Check) refsOf(n ast.Node) []string {
	v := &identVisitor{}
	ast.Walk(&n, v)
	var out []string
	for _, id := range v.ids {
		_, f := c.facts[id]
		_, d := c.derived[id]
		_, p := c.params[id]
		if (f || d || p) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

type identVisitor struct{ ids []string }

func (v *identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		v.ids = append(v.ids, id.Value)
	}
}

// checkChoiceLiterals catches a misspelt option ("soort == 'werkn'"), which
// would silently never match.
func (c *Check) checkChoiceLiterals(root ast.Node) error {
	var problem error
	check := func(ident ast.Node, lit ast.Node) {
		id, ok := ident.(*ast.IdentifierNode)
		if !ok {
			return
		}
		f, ok := c.facts[id.Value]
		if !ok || f.Type != Choice {
			return
		}
		var lits []string
		switch l := lit.(type) {
		case *ast.StringNode:
			lits = []string{l.Value}
		case *ast.ArrayNode:
			for _, e := range l.Nodes {
				if s, ok := e.(*ast.StringNode); ok {
					lits = append(lits, s.Value)
				}
			}
		}
		for _, s := range lits {
			if _, ok := f.Option(s); !ok && problem == nil {
				problem = fmt.Errorf("fact %s has no option %q", f.ID, s)
			}
		}
	}
	v := visitFunc(func(n *ast.Node) {
		b, ok := (*n).(*ast.BinaryNode)
		if !ok {
			return
		}
		switch b.Operator {
		case "==", "!=":
			check(b.Left, b.Right)
			check(b.Right, b.Left)
		case "in", "not in":
			check(b.Left, b.Right)
		}
	})
	ast.Walk(&root, v)
	return problem
}

type visitFunc func(*ast.Node)

func (f visitFunc) Visit(n *ast.Node) { f(n) }

// tv is a three-valued result: a value when known, else the facts still
// missing to know it.
type tv struct {
	v       any
	known   bool
	missing []string
}

func merge(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// eval evaluates n over what ev knows. spec marks speculative evaluation
// (the other side of an undecided and/or/?:), where a run-time error only
// makes the result unknown.
func (ev *evaluation) eval(n *node, spec bool) (tv, error) {
	switch n.kind {
	case and, or:
		stop := n.kind == or // the value that decides
		l, err := ev.eval(n.kids[0], spec)
		if err != nil {
			return tv{}, err
		}
		if l.known && truthy(l.v) == stop {
			return tv{v: stop, known: true}, nil
		}
		r, err := ev.eval(n.kids[1], spec || !l.known)
		if err != nil {
			return tv{}, err
		}
		if r.known && truthy(r.v) == stop {
			return tv{v: stop, known: true}, nil
		}
		if l.known && r.known {
			return tv{v: !stop, known: true}, nil
		}
		return tv{missing: merge(l.missing, r.missing)}, nil
	case not:
		k, err := ev.eval(n.kids[0], spec)
		if err != nil || !k.known {
			return k, err
		}
		return tv{v: !truthy(k.v), known: true}, nil
	case cond:
		c, err := ev.eval(n.kids[0], spec)
		if err != nil {
			return tv{}, err
		}
		if c.known {
			if truthy(c.v) {
				return ev.eval(n.kids[1], spec)
			}
			return ev.eval(n.kids[2], spec)
		}
		a, err := ev.eval(n.kids[1], true)
		if err != nil {
			return tv{}, err
		}
		b, err := ev.eval(n.kids[2], true)
		if err != nil {
			return tv{}, err
		}
		if a.known && b.known && reflect.DeepEqual(a.v, b.v) {
			return a, nil
		}
		return tv{missing: merge(c.missing, merge(a.missing, b.missing))}, nil
	}
	return ev.leaf(n, spec)
}

func truthy(v any) bool { b, _ := v.(bool); return b }

func (ev *evaluation) leaf(n *node, spec bool) (tv, error) {
	env := make(map[string]any, len(n.refs))
	var missing []string
	for _, id := range n.refs {
		v, ok, miss, err := ev.value(id, spec)
		if err != nil {
			return tv{}, err
		}
		if !ok {
			missing = merge(missing, miss)
			continue
		}
		env[id] = v
	}
	if len(missing) > 0 {
		return tv{missing: missing}, nil
	}
	out, err := expr.Run(n.prog, env)
	if err != nil {
		if spec {
			return tv{missing: nil}, nil
		}
		return tv{}, fmt.Errorf("check %s: evaluate %q: %v", ev.c.ID, n.src, oneLine(err))
	}
	return tv{v: out, known: true}, nil
}
