"""`scikg serve`: the SPARQL endpoint, the web pages and IRI dereferencing."""
