package llmwriter

import (
	"regexp"
	"strings"
)

// instructionLike matches text addressed to a language model rather than
// to a reader: "ignore all previous instructions" in the languages we read
// most, talk of system prompts, and the control tokens of chat formats.
// A news paragraph has no reason to contain these; a hostile page does.
var instructionLike = regexp.MustCompile(`(?i)` + strings.Join([]string{
	`\b(ignore|disregard|forget|override)\b.{0,20}\b(previous|prior|above|earlier|preceding|all|your)\b.{0,20}\b(instructions?|prompts?|rules|directions|guidelines)\b`,
	`\b(system|developer) prompt\b`,
	`\b(you are|you're|act as) (now )?(an? )?(ai|assistant|language model|chatbot|llm)\b`,
	`\b(ai|language model|assistant|llm|chatbot)s? (reading|summari[sz]ing|processing|writing about) this\b`,
	`\bignor[ae]n? (todas )?(las|as) instru(cciones|ções) (anteriores|previas)\b`,
	`\bignore[rz]? (toutes )?les (instructions|consignes) (précédentes|antérieures)\b`,
	`\bignoriere?n? (alle )?(vorherigen|bisherigen|obigen) (anweisungen|instruktionen)\b`,
	`<\|?(im_start|im_end|system|endoftext)\|?>|\[/?inst\]|<</?sys>>`,
}, "|"))

// isInstruction reports whether a paragraph of a source speaks to a model.
// Such paragraphs are kept from the model and from every citation passage,
// so a claim resting on one cannot pass the citation check.
func isInstruction(paragraph string) bool {
	return instructionLike.MatchString(paragraph)
}
