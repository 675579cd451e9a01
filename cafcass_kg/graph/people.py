"""Mapping people: who holds which post where (W3C ORG memberships, with when they began), the
posts themselves, contact points, and what people are quoted as saying."""

from __future__ import annotations

from rdflib import Literal, URIRef

from cafcass_kg.dates import Period
from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .identity import CAFCASS
from .terms import CKG, FOAF, ORG, RDF, RDFS, SCHEMA, TIME
from .values import literal_of
from .writer import GraphWriter


class PeopleMapping(GraphWriter):
    """People, their posts and memberships, their contacts and their words."""

    def map_post_holding(self, rec: r.PostHolding) -> None:
        person = ID[f"person/{slug(rec.person)}"]
        self.graph.add((person, RDF.type, FOAF.Person))
        self.graph.add((person, FOAF.name, Literal(rec.person)))
        self.graph.add((person, RDFS.label, Literal(rec.person)))
        if rec.organisation:
            org = self.resolver.organisation(rec.organisation)
            self.graph.add((org, RDF.type, ORG.Organization))
            self.graph.add((org, RDFS.label, Literal(rec.organisation)))
        else:
            org = self.subject_or(rec.unit)
            if rec.unit not in (None, "subject") and org != CAFCASS:
                # a unit named only with a post (a region, a committee): known to be a unit, nothing more
                self.graph.add((org, RDF.type, ORG.OrganizationalUnit))
                self.graph.add((org, RDFS.label, Literal(rec.unit)))
        role = self.concept("role", rec.role)
        org_key = str(org).rsplit("/id/", 1)[-1].replace("/", "-")
        iri = ID[f"membership/{slug(rec.person)}/{slug(rec.job_title)}/{org_key}"]
        self.node(iri, ORG.Membership, rec.evidence, (ORG.member, person), (ORG.organization, org), (ORG.role, role),
                  (SCHEMA.jobTitle, Literal(rec.job_title)), (RDFS.label, Literal(f"{rec.person}, {rec.job_title}")),
                  (CKG.interim, Literal(True) if rec.interim else None))
        if rec.since is not None:
            self.map_membership_start(iri, rec.since)

    def map_membership_start(self, membership: URIRef, since: Period) -> None:
        """"Chief Executive since April 2019": the membership's interval (W3C ORG, OWL-Time) begins then."""
        g = self.graph
        interval, beginning = URIRef(f"{membership}/during"), URIRef(f"{membership}/during/beginning")
        g.add((membership, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.Interval))
        g.add((interval, TIME.hasBeginning, beginning))
        g.add((beginning, RDF.type, TIME.Instant))
        by_kind = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}
        g.add((beginning, by_kind.get(since.kind, TIME.inXSDgYear), literal_of(since)))

    def map_post_tenure(self, rec: r.PostTenure) -> None:
        unit = self.subject_or(rec.unit)
        role = self.concept("role", rec.role)
        post = ID[f"post/{str(unit).rsplit('/', 1)[-1]}/{slug(rec.role)}"]
        self.node(post, ORG.Post, rec.evidence, (ORG.postIn, unit), (ORG.role, role),
                  (CKG.inPostSince, literal_of(rec.since)), (RDFS.label, Literal(rec.role)))

    def map_contact(self, rec: r.Contact) -> None:
        person = ID[f"person/{slug(rec.person)}"]
        self.label(person, rec.person, FOAF.Person)
        point = ID[f"contact/{slug(rec.person)}"]
        self.claim(person, SCHEMA.contactPoint, point, rec.evidence)
        self.graph.add((point, RDF.type, SCHEMA.ContactPoint))
        for phone in rec.telephones:
            self.claim(point, SCHEMA.telephone, Literal(phone), rec.evidence)

    def map_quotation(self, rec: r.Quotation) -> None:
        iri = URIRef(f"{self.iri}/quotation/{rec.evidence[0]}-{rec.evidence[1]}")
        self.node(iri, SCHEMA.Quotation, rec.evidence, (SCHEMA.creator, ID[f"person/{slug(rec.speaker)}"]),
                  (SCHEMA.text, Literal(rec.text)), (SCHEMA.isPartOf, self.iri))
