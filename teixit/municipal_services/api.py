from ninja import Router

router = Router(tags=["municipal_services"])
