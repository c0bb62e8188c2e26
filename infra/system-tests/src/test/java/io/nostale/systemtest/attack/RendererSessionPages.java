package io.nostale.systemtest.attack;

import io.nostale.systemtest.Db;
import io.nostale.systemtest.Db.User;
import io.nostale.systemtest.RenderedHome;
import io.nostale.systemtest.SystemUnderTest;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Pages as a signed-in user gets them from the real renderer. */
final class RendererSessionPages {

    private RendererSessionPages() {
    }

    static String get(SystemUnderTest sut, User user, String path) throws IOException, InterruptedException {
        WebVisitor visitor = new WebVisitor(sut.rendererUrl());
        if (!WebVisitor.signedIn(visitor.login(user.username(), Db.PASSWORD))) {
            throw new AssertionError("could not sign in as " + user.username());
        }
        HttpResponse<String> page = visitor.get(path);
        if (page.statusCode() != 200) {
            throw new AssertionError(path + " answered " + page.statusCode());
        }
        return page.body();
    }

    static RenderedHome home(SystemUnderTest sut, User user) throws IOException, InterruptedException {
        return RenderedHome.parse(get(sut, user, "/"));
    }
}
