package desk

import "net/http"

// signOut ends the desk session.
func (d *Desk) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := d.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/desk/signin", http.StatusSeeOther)
	return nil
}
