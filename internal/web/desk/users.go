package desk

import (
	"net/http"

	"beatdesk"
	"beatdesk/internal/store"
)

type usersPage struct {
	Users     []beatdesk.User
	Roles     []string
	CanManage bool
	Me        string
}

// users lists the desk's users and their roles; admins may change them
// here. Users are added, and passwords set, with `beatdesk user` on the
// server, so no password ever passes through a form.
func (d *Desk) users(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	ctx := r.Context()
	p := usersPage{Roles: []string{beatdesk.RoleViewer, beatdesk.RoleEditor, beatdesk.RoleAdmin}, CanManage: u.CanManageUsers(), Me: u.Email}
	err := d.Store.View(ctx, func(tx *store.Tx) error {
		var err error
		p.Users, err = tx.Users(ctx)
		return err
	})
	if err != nil {
		return err
	}
	return d.Render(w, r, http.StatusOK, "desk/users", "Users", p)
}

// setRole gives a user another role; only admins may, and the last admin
// keeps the role.
func (d *Desk) setRole(w http.ResponseWriter, r *http.Request, u beatdesk.User) error {
	const op = "desk.setRole"
	ctx := r.Context()
	if err := mayManage(u, op); err != nil {
		return err
	}
	var changed beatdesk.User
	err := d.Store.Update(ctx, func(tx *store.Tx) error {
		var err error
		changed, err = tx.SetRole(ctx, r.PostFormValue("email"), r.PostFormValue("role"), u.Email)
		return err
	})
	if err != nil {
		return err
	}
	d.Sessions.Put(ctx, "flash", changed.Email+" is now "+changed.Role+".")
	http.Redirect(w, r, "/desk/users", http.StatusSeeOther)
	return nil
}
