// Package routes registers HTTP handlers on a chi router; a Lambda binary serves them. // want package:`routes\(GET /orders listOrders, POST /orders createOrder\) recovers`
package routes

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func New() *chi.Mux {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Get("/orders", listOrders)
	r.Post("/orders", createOrder)
	return r
}

func listOrders(w http.ResponseWriter, r *http.Request) {
	panic("recovered by middleware.Recoverer")
}

func createOrder(w http.ResponseWriter, r *http.Request) {
	log.Fatal("not recoverable")
}
