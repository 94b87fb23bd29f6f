app_name = "debates"

urlpatterns: list = []
