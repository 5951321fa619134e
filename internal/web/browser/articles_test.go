package browser_test

import (
	"time"

	"beatdesk"
)

// The articles the journeys read and the draft the editor fixes. Their
// outlets, addresses and events are invented; each sentence rests on a
// passage of the source it cites, as the citation check requires.

// memberLine is in the members-only part of the Sinaloa article.
const memberLine = "the remaining families now depend on their shelters for food"

// Where the flagged draft goes wrong, and how the editor puts it right.
const (
	flaggedClaim = "Canal revenue fell by 16 percent in the first nine months of the year [1]."
	fixedClaim   = "Canal revenue fell by 61 percent in the first nine months of the year [1]."
	flaggedTitle = "Egypt raises Suez Canal transit fees as traffic stays low"
)

func day(d int) time.Time { return time.Date(2026, 11, d, 7, 30, 0, 0, time.UTC) }

func source(n int, outlet, title, url string, published time.Time, passage string) beatdesk.Citation {
	return beatdesk.Citation{N: n, Outlet: outlet, Title: title, URL: url, Lang: "en",
		Published: published, FetchedAt: published.Add(40 * time.Minute), Passage: passage}
}

func sinaloaArticle() beatdesk.Draft {
	return beatdesk.Draft{
		PersonaSlug: "valeria-montes", Writer: "extractive", Region: "latin-america",
		Headline: "Fighting in the Sinaloa sierra empties a dozen villages",
		Dek:      "Gunmen fighting for the mountain roads have cut the villages of the sierra off from Culiacán, the Pacific Herald reports [1].",
		Places:   []string{"Badiraguato", "Culiacán", "Sinaloa"},
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{
				"The Pacific Herald reports that 412 families left 12 villages near Badiraguato in the first week of November [1].",
				"The state government said on 4 November that it had opened 3 shelters in Culiacán [2].",
			}},
			{Title: "What the exodus means", MembersOnly: true, Paragraphs: []string{
				"Church groups in Culiacán said " + memberLine + " [2].",
			}},
		},
		Citations: []beatdesk.Citation{
			source(1, "The Pacific Herald", "Families leave the sierra as gunmen fight for the roads", "https://pacificherald.example/sierra-families", day(3),
				"Gunmen fighting for the mountain roads have cut the villages of the sierra off from Culiacán.\n\n"+
					"The Pacific Herald reports that 412 families left 12 villages near Badiraguato in the first week of November."),
			source(2, "Culiacán Daily", "State opens shelters for displaced families", "https://culiacandaily.example/shelters", day(4),
				"The state government said on 4 November that it had opened 3 shelters in Culiacán.\n\n"+
					"Church groups in Culiacán said the remaining families now depend on their shelters for food."),
		},
	}
}

func balticArticle() beatdesk.Draft {
	return beatdesk.Draft{
		PersonaSlug: "katrin-lindqvist", Writer: "extractive", Region: "europe",
		Headline: "The Baltic states agree to buy air defence together",
		Dek:      "The three Baltic states will share the cost of defending their skies for the first time [1].",
		Places:   []string{"Tallinn", "Riga", "Vilnius"},
		Sections: []beatdesk.Section{
			{Title: "What was agreed", Paragraphs: []string{
				"The defence ministers of Estonia, Latvia and Lithuania signed a joint order for 6 medium-range air defence batteries on 5 November [1].",
				"The order is worth 1.2 billion euros, according to the Latvian defence ministry [2].",
			}},
			{Title: "What to watch", MembersOnly: true, Paragraphs: []string{
				"The first batteries are due to arrive in 2028, the Latvian defence ministry said [2].",
			}},
		},
		Citations: []beatdesk.Citation{
			source(1, "Baltic Wire", "Three ministers sign a joint air defence order", "https://balticwire.example/air-defence", day(5),
				"The three Baltic states will share the cost of defending their skies for the first time.\n\n"+
					"The defence ministers of Estonia, Latvia and Lithuania signed a joint order for 6 medium-range air defence batteries on 5 November."),
			source(2, "Riga Courier", "Air defence order worth 1.2 billion euros", "https://rigacourier.example/order", day(5),
				"The order is worth 1.2 billion euros, according to the Latvian defence ministry.\n\n"+
					"The first batteries are due to arrive in 2028, the Latvian defence ministry said."),
		},
	}
}

// suezDraft is in review with one unsupported claim: it says 16 percent
// where its source says 61.
func suezDraft() beatdesk.Draft {
	return beatdesk.Draft{
		PersonaSlug: "samir-haddad", Writer: "extractive", Region: "middle-east-north-africa",
		Headline: flaggedTitle,
		Dek:      "Egypt is charging more for a route that most shipping lines still avoid [2].",
		Places:   []string{"Suez", "Ismailia"},
		Sections: []beatdesk.Section{
			{Title: "What happened", Paragraphs: []string{
				"The Suez Canal Authority said on 6 November that transit fees for container ships will rise by 10 percent from January [1].",
				flaggedClaim,
			}},
			{Title: "What to watch", MembersOnly: true, Paragraphs: []string{
				"Shipping lines said they would keep routing most vessels around the Cape of Good Hope [2].",
			}},
		},
		Citations: []beatdesk.Citation{
			source(1, "Nile Ledger", "Canal fees to rise in January", "https://nileledger.example/canal-fees", day(6),
				"The Suez Canal Authority said on 6 November that transit fees for container ships will rise by 10 percent from January.\n\n"+
					"Canal revenue fell by 61 percent in the first nine months of the year."),
			source(2, "Harbour Times", "Lines stay on the long route", "https://harbourtimes.example/long-route", day(6),
				"Egypt is charging more for a route that most shipping lines still avoid.\n\n"+
					"Shipping lines said they would keep routing most vessels around the Cape of Good Hope."),
		},
	}
}
