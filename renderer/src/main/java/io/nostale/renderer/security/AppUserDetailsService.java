package io.nostale.renderer.security;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

@Service
class AppUserDetailsService implements UserDetailsService {

    private final JdbcTemplate jdbc;

    AppUserDetailsService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<AppUser> users = jdbc.query(
                "SELECT id, username, display_name, password_hash FROM app_user WHERE username = ?",
                (rs, row) -> new AppUser(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                username);
        if (users.isEmpty()) {
            throw new UsernameNotFoundException("no such user");
        }
        return users.get(0);
    }
}
