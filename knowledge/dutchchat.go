package knowledge

// nlChatStop are the abbreviations and fillers of Dutch chat ("hvl" =
// hoeveel, "wnr" = wanneer, "mss" = misschien, "ofzo", "kheb"): like the
// question words they stand for, they say nothing about the subject. Not
// being words of the texts, they would otherwise count as the rarest word
// of the question, and make a plain question look out of scope.
var nlChatStop = wordSet(`hvl hvll wnr wnn wrm mss wss wrs idd gwn tis eig eigl egt zoiets ofzo ofzoiets ofso enzo enso enz
	ok oke okee okay hey heey hee beetje zeg zulke zulk kzou kheb kben kweet kvraag kwil
	nvm trouwens tog thx tnx dankje dankjewel dankuwel bvd groetjes groet groeten mvg gr vriendelijke hen`)

func init() {
	for w := range nlChatStop {
		nlStop[w] = true
	}
}
