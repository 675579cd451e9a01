"""Mapping the organisation and its units: Cafcass's names, formation, sponsor and type, its service
areas (their codes, the places they serve, their units, their re-organisations), the units named
with a kind or a date, and the kinds of case it works on."""

from __future__ import annotations

from rdflib import Literal

from cafcass_kg.loaders import records as r
from cafcass_kg.loaders.text import slug
from cafcass_kg.namespaces import ID

from .identity import CAFCASS
from .terms import CGOV, CKG, DCTERMS, ORG, RDF, RDFS, SCHEMA, SKOS, XSD
from .values import literal_of
from .writer import GraphWriter


class OrganisationMapping(GraphWriter):
    """The organisation, its service areas and units."""

    def map_organisation_name(self, rec: r.OrganisationName) -> None:
        org = self.resolver.organisation(rec.abbreviation)
        self.label(org, rec.abbreviation, ORG.FormalOrganization)
        self.claim(org, SCHEMA.legalName, Literal(rec.full_name), rec.evidence)

    def map_formation(self, rec: r.Formation) -> None:
        org = self.resolver.organisation(rec.organisation)
        event = ID[f"event/{slug(rec.organisation)}-formed-{rec.date.iso}"]
        self.node(event, ORG.ChangeEvent, rec.evidence, (ORG.resultingOrganization, org),
                  (DCTERMS.date, literal_of(rec.date)),
                  (RDFS.label, Literal(f"Formation of {rec.organisation}")),
                  (CKG.jurisdiction, Literal(rec.jurisdiction) if rec.jurisdiction else None))
        for name in rec.predecessors:
            pred = self.label(self.resolver.organisation(name), name, ORG.Organization)
            self.graph.add((event, ORG.originalOrganization, pred))
        self.claim(org, SCHEMA.foundingDate, literal_of(rec.date), rec.evidence)

    def map_sponsorship(self, rec: r.Sponsorship) -> None:
        dept = self.label(self.resolver.organisation(rec.department), rec.department, ORG.FormalOrganization)
        self.graph.add((dept, RDF.type, CGOV.Department))
        self.claim(self.resolver.organisation(rec.organisation), CGOV.parentDepartment, dept, rec.evidence)

    def map_organisation_type(self, rec: r.OrganisationType) -> None:
        org = self.resolver.organisation(rec.organisation)
        if rec.type_label == "non-departmental public body":
            self.claim(org, RDF.type, CGOV.NonDepartmentalPublicBody, rec.evidence)
        self.claim(org, CKG.organisationType, Literal(rec.type_label), rec.evidence)

    def map_service_area_count(self, rec: r.ServiceAreaCount) -> None:
        org = self.resolver.organisation(rec.organisation)
        self.claim(org, CKG.serviceAreaCount, Literal(rec.count, datatype=XSD.integer), rec.evidence)
        if rec.national_office:
            office = self.label(ID["unit/national-office"], "National office", ORG.OrganizationalUnit)
            self.claim(office, ORG.unitOf, org, rec.evidence)
            place = self.label(self.resolver.place(rec.national_office), rec.national_office, SCHEMA.AdministrativeArea)
            self.claim(office, SCHEMA.location, place, rec.evidence)

    def map_unit_mention(self, rec: r.UnitMention) -> None:
        iri = self.label(ID[f"unit/{slug(rec.kind)}-{slug(rec.name)}"], f"{rec.name} ({rec.kind})", ORG.OrganizationalUnit)
        self.graph.add((iri, RDF.type, CKG.NationalArea))
        self.claim(iri, ORG.unitOf, CAFCASS, rec.evidence)

    def map_coverage(self, rec: r.ServiceAreaCoverage) -> None:
        area = self.subject_iri if rec.name == "subject" else self.resolver.area(rec.name, rec.code)
        if area is None:
            return
        self.graph.add((area, RDF.type, CKG.ServiceArea))
        self.graph.add((area, RDF.type, ORG.OrganizationalUnit))
        if rec.code:
            self.claim(area, SKOS.notation, Literal(rec.code), rec.evidence)
            self.graph.add((area, RDFS.label, Literal(f"Service area {rec.code}")))
        self.claim(area, ORG.unitOf, CAFCASS, rec.evidence)
        for name in rec.places:
            place = self.label(self.resolver.place(name), name, SCHEMA.AdministrativeArea)
            self.claim(area, SCHEMA.areaServed, place, rec.evidence)
        for name in rec.units:
            unit = self.label(self.unit_or_area(name), name, ORG.OrganizationalUnit)
            self.claim(area, ORG.hasUnit, unit, rec.evidence)

    def map_reorganisation(self, rec: r.Reorganisation) -> None:
        area = self.subject_or(rec.area)
        event = ID[f"event/{str(area).rsplit('/', 1)[-1]}-reorganised-{rec.date.iso}"]
        self.node(event, ORG.ChangeEvent, rec.evidence, (ORG.resultingOrganization, area),
                  (DCTERMS.date, literal_of(rec.date)), (DCTERMS.description, Literal(rec.description)),
                  (RDFS.label, Literal(f"Re-organisation of {self.graph.value(area, RDFS.label) or 'the service area'}, {rec.date.iso}")))
        for name in rec.units_moved_into:
            unit = self.label(self.unit_or_area(name), name, ORG.OrganizationalUnit)
            self.graph.add((event, CKG.teamsMovedInto, unit))
        for name in rec.places_transferred_out:
            place = self.label(self.resolver.place(name), name, SCHEMA.AdministrativeArea)
            self.graph.add((event, CKG.servicesTransferredOut, place))

    def map_unit_fact(self, rec: r.UnitFact) -> None:
        unit = self.label(self.unit_or_area(rec.unit), rec.unit, ORG.OrganizationalUnit)
        self.claim(unit, CKG.operationalSince, literal_of(rec.operational_since), rec.evidence)

    def map_case_type(self, rec: r.CaseType) -> None:
        branch = self.concept("branch-of-law", rec.branch)
        case_type = self.concept("case-type", rec.label, broader=branch)
        self.claim(CAFCASS, CKG.worksOnCaseType, case_type, rec.evidence)

    def map_law_branch(self, rec: r.LawBranchDefinition) -> None:
        self.claim(self.concept("branch-of-law", rec.branch), SKOS.definition, Literal(rec.definition, lang="en"), rec.evidence)
