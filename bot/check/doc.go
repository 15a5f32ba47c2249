// Package check is the capability that runs eligibility checks in
// conversation ("Moeten wij Europees aanbesteden?", "check uitdaagrecht"):
// it asks one question at a time, only the ones the outcome still depends
// on (knowledge/rules decides which), reads natural answers, and ends with
// a verdict that gives the reasons, the facts and amounts used and the
// legal sources. "waarom"/"why" afterwards shows every rule.
//
// A question that starts a check and carries the facts of the asker's
// case ("moeten we aanbesteden als de gemeente ons 80.000 per jaar betaalt
// voor 4 jaar?") fills those facts in; its first reply is the verdict
// knowledge.ComputeCase gives on them (the one `noaber ask` leads with),
// the facts taken from the question, and the first question still open,
// numbered among the questions the user is asked.
//
// The conversation state (check id and answers so far) is the router's
// stored dialogue, so a restart resumes at the same question. The package
// keeps nothing else per user.
package check
