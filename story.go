package beatdesk

import "time"

// A Story is one real-world development as reported across sources and
// languages: the clusterer attaches each new article to the story it is
// most like within a time window, or starts a new one.
type Story struct {
	ID          int64
	Title       string // the title of its most representative article
	FirstSeen   time.Time
	LastSeen    time.Time
	Articles    int      // original articles (copies not counted)
	Outlets     int      // distinct sources
	Languages   []string // ISO 639-1 codes seen
	Countries   []string // ISO 3166 codes of places mentioned
	Region      string   // region slug the story is mostly about
	PersonaSlug string   // correspondent the story was routed to, "" if none
	RouteReason string   // why, in words an editor reads
	Score       float64
	// Terms is the clusterer's centroid: term → weight. It is internal to
	// internal/analyze/cluster but stored with the story so clustering
	// survives restarts.
	Terms map[string]float64
}

// A Region is a part of the world a correspondent covers and readers browse.
type Region struct {
	Slug string
	Name string
}

// Regions are the site's regions, in the order the home page shows them.
var Regions = []Region{
	{"latin-america", "Latin America"},
	{"north-america", "North America"},
	{"europe", "Europe"},
	{"middle-east-north-africa", "Middle East and North Africa"},
	{"sub-saharan-africa", "Sub-Saharan Africa"},
	{"east-asia", "China and East Asia"},
	{"south-asia", "South Asia"},
	{"southeast-asia-oceania", "Southeast Asia and Oceania"},
	{"world", "World"},
}

// RegionBySlug returns the region with the given slug, or false.
func RegionBySlug(slug string) (Region, bool) {
	for _, r := range Regions {
		if r.Slug == slug {
			return r, true
		}
	}
	return Region{}, false
}
