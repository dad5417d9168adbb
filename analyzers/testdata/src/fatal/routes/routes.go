// Package routes registers HTTP routes; the web command serves them through Lambda.
package routes

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

func New() *chi.Mux {
	r := chi.NewRouter()
	r.Get("/orders", list)
	r.Post("/orders", create)
	return r
}

func list(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func create(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil {
		log.Fatal("no body")
	}
}
